package dev.slabpool;

/**
 * The destructor given to a {@link SlabCache}, called in one of two {@linkplain DestructorMode
 * modes}. It is never called while the cache holds an arena lock, so it may be slow or call into
 * other caches while allocations, frees and lookups go on; only another reclaim of the same arena
 * waits for a FREE call to return (reclaims of one arena take turns). It must not take a
 * reference to the object it is given.
 *
 * @param <T> the pooled type
 */
@FunctionalInterface
public interface Destructor<T> {

  /**
   * Destroys or frees {@code object}.
   *
   * @return for {@link DestructorMode#FREE}, whether the object was unlinked and may be freed;
   *     ignored for {@link DestructorMode#DESTROY}
   */
  boolean destruct(T object, DestructorMode mode);
}
