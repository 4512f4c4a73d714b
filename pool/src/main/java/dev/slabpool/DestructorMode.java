package dev.slabpool;

/** Why a {@link Destructor} is called: the kernel's {@code SLAB_DTOR_DESTROY} and {@code SLAB_DTOR_FREE}. */
public enum DestructorMode {
  /**
   * The object is being discarded for good (its slab is given back, or the cache is destroyed):
   * run its cleanup. The answer of the destructor is ignored.
   */
  DESTROY,
  /**
   * Best-effort request to free a cached object (refcount 1, already claimed by the allocator):
   * unlink it from whatever index refers to it and answer {@code true}, or answer {@code false} to
   * decline, in which case the object stays cached.
   */
  FREE
}
