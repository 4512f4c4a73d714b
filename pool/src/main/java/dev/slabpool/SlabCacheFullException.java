package dev.slabpool;

/**
 * Thrown by an allocation when the cache is at its memory cap and reclaim could not make room:
 * every cached object is in use, or the unused ones could not be freed (no RECLAIM flag, a
 * circulation of 0 with an object in use in every slab, or a destructor that declined). The
 * message says which.
 */
public final class SlabCacheFullException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  SlabCacheFullException(String message) {
    super(message);
  }
}
