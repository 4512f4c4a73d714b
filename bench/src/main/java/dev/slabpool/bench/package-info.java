/**
 * The benchmark runner of slabpool: {@link BenchRunner} runs every {@link BenchSection}, found
 * through {@code ServiceLoader}, and rewrites {@code BENCHMARKS.md} with its charts under
 * {@code docs/bench/}. {@link BenchContext} is what a section gets from the runner, {@link Target}
 * one benchmark target and whether the run met it, and {@link Args} the command-line parser.
 * Benchmark code, not API.
 */
package dev.slabpool.bench;
