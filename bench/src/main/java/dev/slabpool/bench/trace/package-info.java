/**
 * Recorded access traces for the replay benchmarks: {@link Trace} reads a trace file in one of the
 * two {@link TraceFormat}s of {@code bench/traces/README.md}, gzipped or not, with the JDK alone.
 * Benchmark code, not API.
 */
package dev.slabpool.bench.trace;
