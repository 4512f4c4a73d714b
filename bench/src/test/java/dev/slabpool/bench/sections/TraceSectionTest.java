package dev.slabpool.bench.sections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.replay.PolicyResult;
import dev.slabpool.bench.replay.ReplayConfig;
import dev.slabpool.bench.replay.TraceResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSectionTest {

  /** A replay of trace {@code t} where only the four hit ratios differ between policies. */
  private static TraceResult replay(double[] slab, double[] lru, double[] caffeine) {
    return new TraceResult("t", 1000, 100, ReplayConfig.DEFAULTS, List.of(
        result(ReclaimPolicy.SLAB, 32, slab), result(ReclaimPolicy.LRU, 96, lru),
        result(ReclaimPolicy.CAFFEINE, 96, caffeine)), Map.of(), Map.of(), Map.of(), true, 1);
  }

  /** Hit ratios in order: after the shrink, same window unshrunk, whole half, steady. */
  private static PolicyResult result(ReclaimPolicy policy, long evicted, double[] hits) {
    return result("t", policy, evicted, hits);
  }

  private static PolicyResult result(String trace, ReclaimPolicy policy, long evicted,
      double[] hits) {
    return new PolicyResult(trace, policy, 1000, 4, 32, 1, 4, 1, 1, evicted, 32, 1.0, 1.0, 128,
        hits[0], hits[1], hits[2], hits[3], 0.9);
  }

  /** A replay of {@code trace} where only the steady hit ratios of hot, lru, caffeine matter. */
  private static TraceResult steady(String trace, double hot, double lru, double caffeine) {
    return new TraceResult(trace, 1000, 100, ReplayConfig.DEFAULTS, List.of(
        result(trace, ReclaimPolicy.HOT, 32, new double[] {0.5, 0.5, 0.5, hot}),
        result(trace, ReclaimPolicy.LRU, 96, new double[] {0.5, 0.5, 0.5, lru}),
        result(trace, ReclaimPolicy.CAFFEINE, 96, new double[] {0.5, 0.5, 0.5, caffeine})),
        Map.of(), Map.of(), Map.of(), true, 1);
  }

  @Test
  void theSteadyVerdictOfHotAllowsTheIssuesToleranceAndCountsTheTracesEachWay() {
    List<TraceResult> results = List.of(steady("a", 0.70, 0.65, 0.72),
        steady("b", 0.496, 0.50, 0.40), steady("c", 0.30, 0.35, 0.20));

    Target lru = TraceSection.steadyTarget(results, ReclaimPolicy.HOT, ReclaimPolicy.LRU, 0.005);
    Target caffeine = TraceSection.steadyTarget(results, ReclaimPolicy.HOT,
        ReclaimPolicy.CAFFEINE, 0.01);

    assertThat(lru.target())
        .isEqualTo("hot policy: steady hit ratio >= lru's - 0.005 on every trace");
    assertThat(lru.met()).isFalse();
    assertThat(lru.verdict()).isEqualTo("**missed**");
    assertThat(lru.measured()).isEqualTo("2 of 3 traces (a 0.7000 vs 0.6500 (optimal 0.9000);"
        + " b 0.4960 vs 0.5000 (optimal 0.9000)); not on 1");
    assertThat(lru.why()).isEqualTo("not on c 0.3000 vs 0.3500 (optimal 0.9000). Steady hit"
        + " ratio: the whole second half at the memory cap before the shrink, without any shrink;"
        + " optimal: Belady's optimum at that cap, over the same accesses.");
    assertThat(caffeine.target())
        .isEqualTo("hot policy: steady hit ratio >= caffeine's - 0.01 on every trace");
    assertThat(caffeine.measured()).startsWith("2 of 3 traces (b 0.4960 vs 0.4000");
    assertThat(caffeine.why()).startsWith("not on a 0.7000 vs 0.7200 (optimal 0.9000).");
  }

  @Test
  void theSteadyVerdictIsMetWhenHotIsWithinTheToleranceOnEveryTrace() {
    Target t = TraceSection.steadyTarget(List.of(steady("a", 0.70, 0.705, 0.72)),
        ReclaimPolicy.HOT, ReclaimPolicy.LRU, 0.005);

    assertThat(t.met()).isTrue();
    assertThat(t.verdict()).isEqualTo("met");
    assertThat(t.why()).isEmpty();
  }

  @Test
  void theHotTargetsJudgeShrinkHitRatioDensityAndEvictionsTraceByTrace() {
    // hot: after-shrink hit ratio 0.5 = both baselines' (at least: met); density 1.0; 32 evicted
    // for 1 freed slab of 32 objects (at most one slab's worth: met)
    List<Target> met = TraceSection.hotTargets(List.of(steady("a", 0.7, 0.7, 0.7)));
    assertThat(met).extracting(Target::met).containsExactly(true, true, true, true, true);
    assertThat(met.get(4).measured()).isEqualTo("1 of 1 traces (a 32.0 of 32); not on 0");

    TraceResult worse = new TraceResult("w", 1000, 100, ReplayConfig.DEFAULTS, List.of(
        new PolicyResult("w", ReclaimPolicy.HOT, 1000, 4, 32, 1, 4, 1, 1, 33, 32, 1.0, 0.96,
            128, 0.49, 0.5, 0.5, 0.7, 0.9),
        result("w", ReclaimPolicy.LRU, 96, new double[] {0.5, 0.5, 0.5, 0.7}),
        result("w", ReclaimPolicy.CAFFEINE, 96, new double[] {0.5, 0.5, 0.5, 0.7})),
        Map.of(), Map.of(), Map.of(), true, 1);
    List<Target> missed = TraceSection.hotTargets(List.of(worse));
    assertThat(missed).extracting(Target::met).containsExactly(true, true, false, false, false);
    assertThat(missed.get(2).why()).startsWith("not on w 0.490 vs lru 0.500, caffeine 0.500.");
    assertThat(missed.get(3).why()).startsWith("not on w 0.960.");
    assertThat(missed.get(4).why()).startsWith("not on w 33.0 of 32.");
  }

  @Test
  void theVerdictIsTheWindowAfterTheShrinkAndTheWholeHalfIsShownBesideIt() {
    TraceResult r = replay(new double[] {0.60, 0.70, 0.65, 0.70},
        new double[] {0.55, 0.72, 0.68, 0.72}, new double[] {0.50, 0.71, 0.69, 0.71});

    Target t = TraceSection.hitRatioTarget(List.of(r));

    assertThat(t.met()).isTrue();
    assertThat(t.measured()).contains("next accesses after the shrink (one cache's worth): 1 of 1")
        .contains("(t 0.600 vs 0.550, 0.500)").contains("whole second half: 0 of 1 traces");
    assertThat(t.why()).startsWith("Met over the next accesses. Over the whole second half the"
        + " slab policy is not above both baselines on 1 of 1 traces, and behind without any"
        + " shrink as well on 1 of those").contains("FIFO at slab granularity")
        .contains("cost the slab policy 0.1000 of hit ratio on average over the next accesses"
            + " and 0.0500 over the whole second half, the baselines 0.1900 and 0.0300")
        .contains("evicted 33% as many objects");
  }

  @Test
  void aMissOverTheWindowSaysWhetherTheGapIsThereWithoutTheShrink() {
    TraceResult r = replay(new double[] {0.50, 0.60, 0.70, 0.75},
        new double[] {0.55, 0.65, 0.60, 0.62}, new double[] {0.45, 0.58, 0.60, 0.61});

    Target t = TraceSection.hitRatioTarget(List.of(r));

    assertThat(t.met()).isFalse();
    assertThat(t.measured()).contains(": 0 of 1 traces;").contains("whole second half: 1 of 1");
    assertThat(t.why()).startsWith("missed on t 0.500 vs lru 0.550, caffeine 0.450 (next 128"
            + " accesses; without the shrink 0.600 vs 0.650, 0.580; whole second half 0.700 vs"
            + " 0.600, 0.600). Over the same accesses without any shrink the slab policy is"
            + " already behind on 1 of these 1 traces.")
        .doesNotContain("ties").doesNotContain("FIFO")
        .contains("The shrink itself cost the slab policy 0.1000");
  }

  @Test
  void aTieIsNotAboveAndIsSaidToBeOne() {
    TraceResult r = replay(new double[] {0.0, 0.0, 0.03, 0.03},
        new double[] {0.0, 0.0, 0.003, 0.003}, new double[] {0.0, 0.0, 0.15, 0.2});

    Target t = TraceSection.hitRatioTarget(List.of(r));

    assertThat(t.met()).isFalse();
    assertThat(t.why()).contains("On 1 of them the slab policy ties with the best baseline.")
        .contains("already behind on 0 of these 1 traces")
        .contains("not above both baselines on 1 of 1 traces, and behind without any shrink as"
            + " well on 1 of those");
  }
}
