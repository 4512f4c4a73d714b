package dev.slabpool;

/**
 * How deep the Lincheck model checks search: a quick default for every build, and the depth of
 * the {@code -Pdeep} profile ({@code slabpool.modelcheck.scenarios} random scenarios of
 * {@code slabpool.modelcheck.invocations} interleavings each), which {@code .ci/run} runs too.
 */
public final class ModelCheckDepth {
  private ModelCheckDepth() {}

  /** Random scenarios per check: {@code quick} unless the deep profile set more. */
  public static int scenarios(int quick) {
    return Math.max(quick, Integer.getInteger("slabpool.modelcheck.scenarios", quick));
  }

  /** Interleavings explored per scenario: {@code quick} unless the deep profile set more. */
  public static int invocations(int quick) {
    return Math.max(quick, Integer.getInteger("slabpool.modelcheck.invocations", quick));
  }
}
