/**
 * Trace replay: {@link TraceReplay} replays a recorded trace through a keyed cache under each
 * policy, shrinks the cache, and compares what each policy evicted with the offline {@link Optimum}
 * for the same slab layout. {@link TraceReplayCommand} is its command line, {@link ReplayConfig}
 * holds the settings, and {@link TraceResult}, {@link PolicyResult} and {@link SweepPoint} the
 * results. Benchmark code, not API.
 */
package dev.slabpool.bench.replay;
