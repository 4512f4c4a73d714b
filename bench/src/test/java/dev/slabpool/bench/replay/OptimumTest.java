package dev.slabpool.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabMap;
import dev.slabpool.bench.TestTraces;
import dev.slabpool.bench.trace.Trace;
import dev.slabpool.bench.trace.TraceFormat;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OptimumTest {

  /** Five slabs of four slots; slab 2 holds a pinned object. */
  private static final SlabMap LAYOUT = new SlabMap(4, new long[] {1, 2, 3, 4, 5},
      new int[5], new int[] {4, 1, 3, 0, 2}, new int[] {0, 1, 0, 0, 0}, new int[5]);

  @Test
  void freesTheSlabsWithFewestObjectsAndNoPinnedOne() {
    // Candidates: slabs 1, 3, 4, 5 with 4, 3, 0, 2 objects; slab 2 (1 object) is pinned.
    assertThat(Optimum.curve(LAYOUT)).containsExactly(0, 0, 2, 5, 9);
    assertThat(Optimum.evicted(LAYOUT, 0)).isZero();
    assertThat(Optimum.evicted(LAYOUT, 1)).isZero(); // the free slab
    assertThat(Optimum.evicted(LAYOUT, 2)).isEqualTo(2);
    assertThat(Optimum.evicted(LAYOUT, 4)).isEqualTo(9);
  }

  @Test
  void freeingMoreSlabsThanHaveNoPinnedObjectHasNoOptimum() {
    assertThat(Optimum.evicted(LAYOUT, 5)).isEqualTo(-1);
    assertThatThrownBy(() -> Optimum.evicted(LAYOUT, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  /** However F pin-free slabs are chosen, they hold at least what the optimum evicts. */
  @Property(tries = 200)
  void noChoiceOfSlabsBeatsTheOptimum(@ForAll("layouts") Tuple.Tuple2<SlabMap, List<Integer>> t) {
    SlabMap layout = t.get1();
    long chosen = 0;
    long freed = 0;
    for (int i : t.get2()) {
      if (layout.pinned()[i] == 0) {
        chosen += layout.active()[i];
        freed++;
      }
    }
    assertThat(Optimum.evicted(layout, freed)).isBetween(0L, chosen);
  }

  @Provide
  Arbitrary<Tuple.Tuple2<SlabMap, List<Integer>>> layouts() {
    return Arbitraries.integers().between(1, 40).flatMap(slabs -> {
      Arbitrary<int[]> active = Arbitraries.integers().between(0, 8).array(int[].class).ofSize(slabs);
      Arbitrary<int[]> pinned = Arbitraries.integers().between(0, 1).array(int[].class).ofSize(slabs);
      Arbitrary<List<Integer>> subset = Arbitraries.integers().between(0, slabs - 1).list()
          .uniqueElements().ofMaxSize(slabs);
      return Combinators.combine(active, pinned, subset).as((a, p, s) -> {
        long[] serial = new long[slabs];
        for (int i = 0; i < slabs; i++) {
          serial[i] = i + 1;
          p[i] = Math.min(p[i], a[i]); // a slab cannot pin more objects than it holds
        }
        return Tuple.of(new SlabMap(8, serial, new int[slabs], a, p, new int[slabs]), s);
      });
    });
  }

  /**
   * On real replays, no policy that evicts objects where they are frees its slabs with fewer
   * evictions than the optimum. Hot moves the entries it keeps out of the slabs it frees, so on a
   * layout with holes it can evict fewer; it is held to the bound of any policy, moving or not:
   * what stays cached fits in the slabs that stay.
   */
  @Property(tries = 12)
  void theOptimumNeverEvictsMoreThanAnyPolicy(
      @ForAll @IntRange(min = 500, max = 4000) int accesses,
      @ForAll @IntRange(min = 20, max = 400) int keys,
      @ForAll @IntRange(min = 2, max = 16) int objectsPerSlab,
      @ForAll("fractions") double shrink,
      @ForAll("placements") Placement placement,
      @ForAll long seed) {
    Trace trace = new Trace("random", TraceFormat.BINARY, TestTraces.skewed(accesses, keys, seed));
    ReplayConfig config = new ReplayConfig(objectsPerSlab, 0, 0.3, shrink, 0.05, placement, 0, 3,
        0.6, List.of(ReclaimPolicy.values()));

    TraceResult r = TraceReplay.run(trace, config, Progress.none());

    for (PolicyResult p : r.results()) {
      assertThat(p.optimumEvicted()).as(p.policy() + " optimum").isGreaterThanOrEqualTo(0);
      long cached = Arrays.stream(r.before().get(p.policy()).active()).sum();
      assertThat(p.objectsEvicted()).as(p.policy() + " shrink").isGreaterThanOrEqualTo(
          bound(p, cached, p.slabsFreed(), p.optimumEvicted()));
      for (SweepPoint s : r.sweep().get(p.policy())) {
        assertThat(s.optimumEvicted()).as(p.policy() + " sweep optimum").isGreaterThanOrEqualTo(0);
        assertThat(s.objectsEvicted()).as(p.policy() + " sweep").isGreaterThanOrEqualTo(
            bound(p, cached, s.slabsFreed(), s.optimumEvicted()));
      }
    }
  }

  /** The least a policy can evict to free {@code freed} slabs: the optimum, or for hot packing. */
  private static long bound(PolicyResult p, long cached, long freed, long optimum) {
    return p.policy() == ReclaimPolicy.HOT
        ? cached - (p.slabsBefore() - freed) * p.objectsPerSlab() : optimum;
  }

  @Provide
  Arbitrary<Double> fractions() {
    return Arbitraries.of(0.1, 0.25, 0.5);
  }

  @Provide
  Arbitrary<Placement> placements() {
    return Arbitraries.of(Placement.class);
  }
}
