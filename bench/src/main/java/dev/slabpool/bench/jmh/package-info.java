/**
 * JMH benchmarks of the pool: {@link LookupBenchmark} (the keyed-cache hit path against Caffeine
 * and {@code ConcurrentHashMap}), {@link AllocateFreeBenchmark} (against Stormpot, Commons Pool 2
 * and plain allocation), {@link ReclaimBenchmark} (reclaim throughput) and
 * {@link LatencyUnderReclaimBenchmark} (lookup latency while a large reclaim runs, summarised as
 * {@link LatencySummary}). The runner's sections run them. Benchmark code, not API.
 */
package dev.slabpool.bench.jmh;
