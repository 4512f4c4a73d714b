package dev.slabpool.examples.buffers;

import dev.slabpool.PooledObject;

/**
 * One request buffer: a slot of the buffer pool. Its memory is its slice of the slab's direct
 * payload block ({@code SlabCache.payload(buffer)}); the object itself only carries the refcount.
 */
public final class RequestBuffer extends PooledObject {
  /** Built by the pool, {@code objectsPerSlab} at a time, when it builds a slab. */
  RequestBuffer() {}
}
