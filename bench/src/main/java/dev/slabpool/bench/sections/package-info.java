/**
 * The sections of {@code BENCHMARKS.md}, each a {@code BenchSection} listed for the service loader:
 * {@link LookupSection}, {@link AllocateSection}, {@link ReclaimSection}, {@link LatencySection},
 * {@link TraceSection} and {@link AgentSection}. Each runs its measurements and writes its part of
 * the report. Benchmark code, not API.
 */
package dev.slabpool.bench.sections;
