package dev.slabpool;

/**
 * Failures of user code (factories, destructors) met while freeing or building many objects: the
 * first is rethrown once the work is done, later ones ride along as suppressed.
 */
final class Failures {
  private Failures() {}

  /**
   * Keeps the first failure and adds a later one to its suppressed list, unless it is the same
   * exception again (a destructor may throw one instance for every object, and a throwable
   * cannot suppress itself).
   */
  static Throwable firstWithOthers(Throwable first, Throwable later) {
    if (first == null) {
      return later;
    }
    if (later != first) {
      first.addSuppressed(later);
    }
    return first;
  }

  /** Rethrows a failure caught as {@code RuntimeException | Error}. */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    return (RuntimeException) t;
  }
}
