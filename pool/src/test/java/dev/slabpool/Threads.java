package dev.slabpool;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Threads for tests that must run on a given arena (a thread's home arena is its id modulo). */
public final class Threads {
  private Threads() {}

  /** Starts {@code body} on a new thread whose home arena is {@code arena} of {@code arenas}. */
  @SuppressWarnings("deprecation") // Thread.getId(): what SlabCache uses on JDK 17
  public static <V> CompletableFuture<V> onArena(int arena, int arenas, Callable<V> body) {
    CompletableFuture<V> result = new CompletableFuture<>();
    for (;;) {
      Thread t = new Thread(() -> {
        try {
          result.complete(body.call());
        } catch (Throwable e) {
          result.completeExceptionally(e);
        }
      }, "arena-" + arena);
      if (t.getId() % arenas == arena) {
        t.setDaemon(true);
        t.start();
        return result;
      }
    }
  }

  /**
   * Waits up to a minute for {@code latch}, as a destructor may: {@code false} on timeout or
   * interrupt (the interrupt is kept).
   */
  public static boolean await(CountDownLatch latch) {
    try {
      return latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code body} on a thread of arena {@code arena} and waits for it. */
  public static <V> V runOnArena(int arena, int arenas, Callable<V> body) throws Exception {
    return onArena(arena, arenas, body).get(30, TimeUnit.SECONDS);
  }
}
