package dev.slabpool.bench;

import java.nio.file.Path;

/** Lets tests in other packages find the traces the way the runner does. */
public final class BenchRunnerAccess {
  private BenchRunnerAccess() {}

  /** {@link BenchRunner#findTraces}. */
  public static Path findTraces(Path from) {
    return BenchRunner.findTraces(from);
  }
}
