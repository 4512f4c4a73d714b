package dev.slabpool.bench.replay;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabMap;
import dev.slabpool.bench.trace.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a trace through a {@link dev.slabpool.KeyedCache} under each policy, as
 * bench/README.md says, and compares each shrink with the offline optimum.
 *
 * <p>For each policy, three caches replay the same prefix: the first half of the trace (under
 * the placement's policy when it is shared, then the policy is switched on and taught the
 * first half's accesses of the keys still cached), then the most recently used keys are pinned.
 * From there:
 *
 * <ol>
 *   <li>the <em>shrink</em> run lowers the memory cap by the shrink fraction of the slabs held,
 *       compares what that evicted with the optimum on the layout just before, and replays the
 *       second half at the reduced cap, counting hits over the window right after the shrink
 *       ({@link ReplayConfig#afterWindow}: by default as many accesses as the cache held objects)
 *       and over the whole second half;
 *   <li>the <em>steady</em> run replays the second half at the full cap, counting hits over the
 *       same window and over the whole second half;
 *   <li>the <em>sweep</em> run lowers the cap in steps, for the chart of objects evicted against
 *       memory freed.
 * </ol>
 *
 * <p>Belady's optimum at the capacity before the shrink is computed once per trace, for the
 * whole trace, and its hit ratio over the second half reported with every policy.
 */
public final class TraceReplay {
  private TraceReplay() {}

  /**
   * Replays a trace under every policy of the configuration.
   *
   * @throws IllegalArgumentException if the trace has fewer than two accesses
   */
  public static TraceResult run(Trace trace, ReplayConfig config, Progress progress) {
    int n = trace.length();
    if (n < 2) {
      throw new IllegalArgumentException("trace '" + trace.name() + "' has " + n
          + " access(es): a replay needs at least 2 (a first half and the rest)");
    }
    long start = System.nanoTime();
    int half = n / 2;
    long distinct = trace.distinctKeys();
    long cacheSlabs = config.cacheSlabs(distinct);
    progress.say(String.format("%s: %,d accesses, %,d distinct keys; cache %,d slabs x %d objects",
        trace.name(), n, distinct, cacheSlabs, config.objectsPerSlab()));
    double optimal = (double) Belady.hits(trace.keys(), cacheSlabs * config.objectsPerSlab(), half)
        / (n - half);
    progress.say(String.format("%s: Belady's optimum at that size, second half: %.4f",
        trace.name(), optimal));

    List<PolicyResult> results = new ArrayList<>();
    Map<ReclaimPolicy, SlabMap> before = new EnumMap<>(ReclaimPolicy.class);
    Map<ReclaimPolicy, SlabMap> after = new EnumMap<>(ReclaimPolicy.class);
    Map<ReclaimPolicy, List<SweepPoint>> sweeps = new EnumMap<>(ReclaimPolicy.class);
    for (ReclaimPolicy policy : config.policies()) {
      long pinned;
      long held;
      long requested;
      PolicyRun.Shrink shrink;
      double densityBefore;
      double densityAfter;
      int window;
      Hits shrunk;
      try (PolicyRun run = new PolicyRun(trace, config, cacheSlabs, policy, progress, "shrink")) {
        pinned = prepare(run, config, half);
        before.put(policy, run.slabMap());
        densityBefore = run.density();
        held = run.slabsHeld();
        window = (int) Math.min(config.afterWindow(run.objectsHeld()), n - half);
        requested = slabsFor(config.shrinkFraction(), held);
        shrink = run.lowerCap(Math.max(1, held - requested));
        after.put(policy, run.slabMap());
        densityAfter = run.density();
        shrunk = Hits.secondHalf(run, half, window, n, "after the shrink");
      }
      Hits steady;
      try (PolicyRun run = new PolicyRun(trace, config, cacheSlabs, policy, progress, "steady")) {
        prepare(run, config, half);
        steady = Hits.secondHalf(run, half, window, n, "without shrink");
      }
      sweeps.put(policy, config.sweepSteps() == 0 ? List.of()
          : sweep(trace, config, cacheSlabs, policy, progress, half));
      results.add(new PolicyResult(trace.name(), policy, n, cacheSlabs, config.objectsPerSlab(),
          pinned, held, requested, shrink.slabsFreed(), shrink.objectsEvicted(),
          Optimum.evicted(before.get(policy), shrink.slabsFreed()), densityBefore, densityAfter,
          window, (double) shrunk.window() / window, (double) steady.window() / window,
          (double) shrunk.all() / (n - half), (double) steady.all() / (n - half), optimal));
    }
    return new TraceResult(trace.name(), n, distinct, config, List.copyOf(results), before, after,
        sweeps, sameLayout(before), (System.nanoTime() - start) / 1e9);
  }

  /** Hits of the second half: over its first {@code window} accesses, and over all of it. */
  private record Hits(long window, long all) {
    static Hits secondHalf(PolicyRun run, int half, int window, int n, String when) {
      long first = run.replay(half, half + window, "next " + window + " accesses " + when);
      long rest = run.replay(half + window, n, "rest of the second half " + when);
      return new Hits(first, first + rest);
    }
  }

  /** The common prefix of every run: first half, policy switch, pins. Returns the pins. */
  private static int prepare(PolicyRun run, ReplayConfig config, int half) {
    run.replay(0, half, "first half");
    run.switchPolicy(half);
    return run.pin(config.pinnedFraction(), half);
  }

  private static List<SweepPoint> sweep(Trace trace, ReplayConfig config, long cacheSlabs,
      ReclaimPolicy policy, Progress progress, int half) {
    try (PolicyRun run = new PolicyRun(trace, config, cacheSlabs, policy, progress, "sweep")) {
      prepare(run, config, half);
      long[] optimum = Optimum.curve(run.slabMap());
      long held = run.slabsHeld();
      long freed = 0;
      long evicted = 0;
      List<SweepPoint> points = new ArrayList<>();
      for (int step = 1; step <= config.sweepSteps(); step++) {
        double fraction = config.sweepMax() * step / config.sweepSteps();
        PolicyRun.Shrink s = run.lowerCap(Math.max(1, held - slabsFor(fraction, held)));
        freed += s.slabsFreed();
        evicted += s.objectsEvicted();
        points.add(new SweepPoint(fraction, freed, evicted,
            freed < optimum.length ? optimum[(int) freed] : -1));
      }
      return List.copyOf(points);
    }
  }

  /** Slabs making up {@code fraction} of {@code held}, rounded up, at least one. */
  static long slabsFor(double fraction, long held) {
    return Math.max(1, (long) Math.ceil(fraction * held - 1e-9));
  }

  private static boolean sameLayout(Map<ReclaimPolicy, SlabMap> layouts) {
    SlabMap first = null;
    for (SlabMap m : layouts.values()) {
      if (first == null) {
        first = m;
      } else if (!Arrays.equals(first.active(), m.active())
          || !Arrays.equals(first.pinned(), m.pinned())) {
        return false;
      }
    }
    return true;
  }
}
