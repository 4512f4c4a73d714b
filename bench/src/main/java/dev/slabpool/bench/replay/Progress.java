package dev.slabpool.bench.replay;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/** Progress of long replays on stderr, at most one line every two seconds. */
public final class Progress {
  private static final long INTERVAL = TimeUnit.SECONDS.toNanos(2);

  private final PrintStream out;
  private long last = System.nanoTime();

  /** Progress written to {@code out}; {@code null} for none. */
  public Progress(PrintStream out) {
    this.out = out;
  }

  /** No progress at all. */
  public static Progress none() {
    return new Progress(null);
  }

  /** Says something at once. */
  public void say(String message) {
    if (out != null) {
      out.println("[replay] " + message);
      last = System.nanoTime();
    }
  }

  /**
   * Reports {@code done} of {@code total} accesses of a phase if the last line is old enough.
   * Cheap enough to call every few thousand accesses.
   */
  public void at(String phase, long done, long total) {
    if (out != null && System.nanoTime() - last >= INTERVAL) {
      say(String.format("%s: %,d / %,d accesses (%d%%)", phase, done, total,
          total == 0 ? 100 : done * 100 / total));
    }
  }
}
