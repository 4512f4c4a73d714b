package dev.slabpool.bench.replay;

/**
 * One step of the memory-freed sweep: cumulative figures after the cap was lowered again.
 *
 * @param fractionRequested the fraction of the slabs held at the start that the cap is now below
 * @param slabsFreed slabs given back so far
 * @param objectsEvicted entries freed so far
 * @param optimumEvicted the offline optimum for {@code slabsFreed} slabs of the starting layout, or -1
 */
public record SweepPoint(double fractionRequested, long slabsFreed, long objectsEvicted,
    long optimumEvicted) {}
