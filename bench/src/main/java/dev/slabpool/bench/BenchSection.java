package dev.slabpool.bench;

/**
 * One section of {@code BENCHMARKS.md}: runs its measurements and writes its part through the
 * {@link BenchContext}. The runner finds sections with {@link java.util.ServiceLoader}: to add
 * one, implement this interface in a class with a public no-argument constructor and list it in
 * {@code META-INF/services/dev.slabpool.bench.BenchSection}. JMH benchmarks it runs must be
 * compiled in the bench module (JMH reads one {@code META-INF/BenchmarkList}).
 */
public interface BenchSection {

  /** Short id for {@code --only}, e.g. {@code lookup}. */
  String id();

  /** The heading of the section. */
  String title();

  /** Position in the document; built-in sections use 100, 200, ... 600. */
  int order();

  /**
   * Runs the section's measurements and writes its Markdown and targets into {@code context}.
   *
   * @throws Exception when a measurement fails; the runner reports it and carries on
   */
  void run(BenchContext context) throws Exception;
}
