package dev.slabpool.examples.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service started as its own process, whose output is read line by line: the demo waits for
 * the line that gives its address, keeps the start-up lines to itself, and once told to, copies
 * every later line (such as the service's "stopped") to its own output.
 */
final class ServiceProcess implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final Thread pump;
  private final List<String> lines = new ArrayList<>();
  private PrintStream echo;
  private final String echoPrefix;

  private ServiceProcess(Process process, String echoPrefix) {
    this.process = process;
    this.echoPrefix = echoPrefix;
    this.pump = new Thread(this::pump, "service-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts a command, its standard error merged into its output. */
  static ServiceProcess start(List<String> command, String echoPrefix) throws IOException {
    return new ServiceProcess(new ProcessBuilder(command).redirectErrorStream(true).start(),
        echoPrefix);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for a line matching the pattern and returns its first group.
   *
   * @throws IOException with the output so far if the process exits first or the time runs out
   */
  String await(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      for (int seen = 0; ; ) {
        for (; seen < lines.size(); seen++) {
          Matcher m = pattern.matcher(lines.get(seen));
          if (m.find()) {
            return m.group(1);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !pump.isAlive()) {
          throw new IOException("the service " + (pump.isAlive() ? "did not start within "
              + timeout.toSeconds() + " s" : "exited") + "; its output:\n  "
              + String.join("\n  ", lines));
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** From now on, copies each line the service prints to {@code out}. */
  void echoTo(PrintStream out) {
    synchronized (lines) {
      echo = out;
    }
  }

  /** Waits for the service to exit by itself; returns its exit code. */
  int waitFor() throws InterruptedException {
    int code = process.waitFor();
    pump.join(STOP_TIMEOUT.toMillis());
    return code;
  }

  /**
   * Stops the service as Ctrl-C would (SIGTERM: its shutdown hook stops the server and destroys
   * the caches), forcibly if it does not stop in time, and waits for its last lines.
   */
  @Override
  public void close() {
    // Through the handle: Process.destroy() would also close our end of its output, and lose
    // the lines it prints while it stops.
    process.toHandle().destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      pump.join(STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
          if (echo != null) {
            echo.println(echoPrefix + line);
          }
        }
      }
    } catch (IOException e) {
      // the process went away; waiters see the pump end
    } finally {
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }
}
