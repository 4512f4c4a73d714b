/**
 * {@code PayloadCache} against peers that keep bytes too: Caffeine with a weigher of
 * {@code byte[]} values, OHC and Ehcache's off-heap store, at equal bytes. The value-size
 * function ({@link dev.slabpool.bench.payload.ValueSizes}), cache-aside replay, footprint
 * measurement and the shifting-size workload; the sections in {@code dev.slabpool.bench.sections}
 * report them.
 */
package dev.slabpool.bench.payload;
