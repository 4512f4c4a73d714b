package dev.slabpool.examples;

import dev.slabpool.testkit.ChildJvm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Client threads that send requests until told to stop (or until their step says it is done),
 * counting requests and collecting every failure: a wrong answer or an exception.
 */
public final class Load {

  /** Returned by a step when there is nothing left to send. */
  public static final String DONE = new String("done");

  /** One request: returns {@code null} when the answer is right, or what is wrong with it. */
  @FunctionalInterface
  public interface Step {
    String run(int client, long index) throws Exception;
  }

  private final List<Thread> threads = new ArrayList<>();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final Object progress = new Object();
  private long next;
  private long requests;
  private int running;
  private volatile boolean stopping;

  private Load() {}

  /** Starts {@code clients} threads running {@code step} with indexes 0, 1, 2, ... */
  public static Load start(int clients, Step step) {
    Load load = new Load();
    load.running = clients;
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t = new Thread(() -> load.run(client, step), "load-" + c);
      load.threads.add(t);
      t.start();
    }
    return load;
  }

  private void run(int client, Step step) {
    try {
      while (!stopping) {
        long index;
        synchronized (progress) {
          index = next++;
        }
        String wrong;
        try {
          wrong = step.run(client, index);
        } catch (Exception | AssertionError e) {
          wrong = "request " + index + " failed: " + e;
        }
        if (wrong == DONE) {
          return;
        }
        if (wrong != null) {
          failures.add(wrong);
        }
        synchronized (progress) {
          requests++;
          progress.notifyAll();
        }
      }
    } finally {
      synchronized (progress) {
        running--;
        progress.notifyAll();
      }
    }
  }

  /** Requests answered so far. */
  public long requests() {
    synchronized (progress) {
      return requests;
    }
  }

  /** Every failure so far. */
  public List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  /** Waits until {@code n} requests were answered in all. */
  public void awaitRequests(long n) throws InterruptedException {
    long deadline = System.nanoTime() + ChildJvm.patience().toNanos();
    synchronized (progress) {
      while (requests < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || running == 0) {
          throw new AssertionError("only " + requests + " of " + n + " requests answered;"
              + " failures: " + failures());
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
    }
  }

  /** Waits for every client to finish by itself. */
  public void awaitDone() throws InterruptedException {
    for (Thread t : threads) {
      t.join(ChildJvm.patience().toMillis());
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " did not finish; failures: " + failures());
      }
    }
  }

  /** Stops the clients after their current request. */
  public void stop() throws InterruptedException {
    stopping = true;
    awaitDone();
  }
}
