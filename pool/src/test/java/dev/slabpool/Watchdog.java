package dev.slabpool;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Watches a progress counter for a long run: when it has not moved for a whole period, dumps every
 * thread (with the locks each holds and waits for) to standard output and remembers the dump, so
 * a hang is reported with its cause instead of only timing out.
 */
final class Watchdog implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "soak-watchdog");
    t.setDaemon(true);
    return t;
  });
  private final LongSupplier progress;
  private long last = -1;
  private volatile String dump;

  private Watchdog(LongSupplier progress) {
    this.progress = progress;
  }

  /** Checks {@code progress} every {@code periodSeconds}. */
  static Watchdog start(LongSupplier progress, long periodSeconds) {
    Watchdog w = new Watchdog(progress);
    w.timer.scheduleAtFixedRate(w::check, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    return w;
  }

  /** The thread dump taken when progress stopped, or {@code null}. */
  String stalled() {
    return dump;
  }

  private void check() {
    long now = progress.getAsLong();
    if (now == last && dump == null) {
      StringBuilder b = new StringBuilder("no progress for a whole period at " + now
          + " operations; threads:\n");
      for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
        b.append(t);
      }
      dump = b.toString();
      System.out.println(dump);
    }
    last = now;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
