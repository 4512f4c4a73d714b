/**
 * Reports of the benchmarks: {@link MarkdownTable} for the tables of {@code BENCHMARKS.md} and, for
 * a trace replay, {@link ReplayReport} with the slab {@link HeatMap} and the {@link EvictionChart},
 * written as PNG files, headless, by {@link Png}. Benchmark code, not API.
 */
package dev.slabpool.bench.report;
