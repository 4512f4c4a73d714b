package dev.slabpool.examples.cli;

/** A command line that cannot be run; the message names the bad option or value. */
public final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A usage error. */
  public UsageException(String message) {
    super(message);
  }
}
