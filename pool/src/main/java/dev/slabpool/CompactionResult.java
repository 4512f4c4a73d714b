package dev.slabpool;

/**
 * What one {@code compact()} did: objects moved out of the sparsest slabs into the holes of denser
 * ones, and the slabs that emptied and were given back. Nothing is evicted.
 *
 * @param cache the cache's name
 * @param objectsMoved objects moved to another slab
 * @param slabsFreed slabs emptied by the moves and given back
 * @param nanos time the compaction took
 */
public record CompactionResult(String cache, long objectsMoved, long slabsFreed, long nanos) {}
