package dev.slabpool.agent.cli;

/** Ends the command with a message for the operator and an exit code. */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The documented exit codes. */
  enum Exit {
    /** The command did what was asked. */
    OK(0),
    /** The JVM refused the operation (it says why: not reclaimable, unknown policy, ...). */
    REFUSED(1),
    /** Bad command line: unknown command, missing or malformed argument. */
    USAGE(2),
    /** No JVM with that pid, or it cannot be attached to, or the agent cannot be loaded. */
    UNREACHABLE(3),
    /** The JVM has no cache of that name. */
    NO_SUCH_CACHE(4),
    /** The target (a main class, jar or regular expression) matches no JVM, or more than one. */
    NO_MATCH(5);

    final int code;

    Exit(int code) {
      this.code = code;
    }
  }

  final Exit exit;

  CliException(Exit exit, String message) {
    super(message);
    this.exit = exit;
  }
}
