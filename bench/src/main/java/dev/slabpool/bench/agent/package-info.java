/**
 * Benchmarks of the agent's costs, run by the agent section: {@link TracingOverheadBenchmark}
 * measures the keyed-cache hot path without the agent, with it, and with pin tracing on or off;
 * {@link StartupProbe} is the program whose start-up is timed, with {@link WovenLease} as its
 * {@code @PooledType} class and {@link EmptyAgent} as the do-nothing baseline agent. Benchmark
 * code, not API.
 */
package dev.slabpool.bench.agent;
