package dev.slabpool;

/**
 * The destructor given to a {@link SlabCache}, called in one of two {@linkplain DestructorMode
 * modes}. It is never called while the cache holds one of its locks, so it may be slow or call
 * into other caches; it must not take a reference to the object it is given.
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
