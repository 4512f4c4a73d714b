package dev.slabpool;

/**
 * Thrown by an allocation when the cache is at its memory cap and reclaim could not make room,
 * because every cached object is in use or its destructor declined.
 */
public final class SlabCacheFullException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  SlabCacheFullException(String message) {
    super(message);
  }
}
