package dev.slabpool.examples.cli;

import java.util.List;
import java.util.Set;

/**
 * The {@code main} of a service: reads its options, starts it, and closes it from a shutdown
 * hook, so that Ctrl-C (or a plain {@code kill}) stops the server and destroys the caches cleanly,
 * without stack traces.
 */
public final class ServiceMain {

  /** Starts a service from its options and prints its banner; the service runs until closed. */
  @FunctionalInterface
  public interface Starter {
    AutoCloseable start(Flags flags) throws Exception;
  }

  private ServiceMain() {}

  /**
   * Runs a service; returns once it serves (its server threads keep the JVM alive). Exits with
   * 2 on a usage error and 1 when the service cannot start, after a one-line message.
   *
   * @param program the name in messages, such as {@code metadata-service}
   * @param usage the text {@code --help} prints
   * @param switches the options that take no value
   */
  public static void run(String program, String usage, String[] args, Set<String> switches,
      Starter starter) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(usage);
      return;
    }
    AutoCloseable service;
    try {
      service = starter.start(Flags.parse(args, switches));
    } catch (UsageException e) {
      System.err.println(program + ": " + e.getMessage());
      System.err.println("Try '--help'.");
      System.exit(2);
      return;
    } catch (Exception e) {
      System.err.println(program + ": cannot start: " + e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        service.close();
        System.out.println(program + " stopped");
      } catch (Exception e) {
        System.err.println(program + ": while stopping: " + e);
      }
    }, program + "-shutdown"));
  }
}
