package dev.slabpool.agent;

import java.util.function.Consumer;

/**
 * What the agent tells the operator of the application: one line on standard error per event,
 * prefixed {@value #PREFIX}. Standard error rather than a logging framework, so that the agent
 * never initialises (or reconfigures) the application's logging.
 */
public final class AgentLog {

  /** The prefix of every line the agent prints. */
  public static final String PREFIX = "slabpool-agent: ";

  /** {@link #warn(String)} as a consumer, for {@link dev.slabpool.jmx.settings.Configuration}. */
  public static final Consumer<String> WARNINGS = new Consumer<>() {
    @Override
    public void accept(String message) {
      warn(message);
    }
  };

  private static volatile boolean verbose;

  private AgentLog() {}

  /** Prints a piece of information an operator needs (such as a connector address). */
  public static void info(String message) {
    System.err.println(PREFIX + message);
  }

  /** Prints what the agent did, with {@code verbose=true} only. */
  public static void detail(String message) {
    if (verbose) {
      info(message);
    }
  }

  /** Prints a warning: something was refused or ignored, and the agent carried on. */
  public static void warn(String message) {
    System.err.println(PREFIX + "WARNING: " + message);
  }

  /** Prints a warning caused by a failure; the stack trace too when {@code verbose=true}. */
  public static void warn(String message, Throwable failure) {
    warn(message + ": " + describe(failure));
    if (verbose) {
      failure.printStackTrace();
    }
  }

  /** The class and message of a failure, and of its root cause when that says more. */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = failure.getClass().getName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    return root == failure ? text : text + " (caused by " + root.getClass().getName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
  }

  static void verbose(boolean on) {
    verbose = on;
  }
}
