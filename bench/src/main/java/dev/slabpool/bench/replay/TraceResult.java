package dev.slabpool.bench.replay;

import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a replay of one trace produced: per-policy figures, the slab layouts around the
 * shrink (for heat maps) and the sweep (for the eviction chart).
 *
 * @param trace the trace name
 * @param accesses accesses in the trace
 * @param distinctKeys distinct keys in the trace
 * @param config the settings
 * @param results one per policy, in the order of {@code config.policies()}
 * @param before each policy's slab layout just before the shrink
 * @param after each policy's slab layout just after the shrink
 * @param sweep each policy's sweep, empty when the sweep is off
 * @param sameLayout whether every policy had the same slab layout before the shrink
 * @param seconds wall time of the whole replay
 */
public record TraceResult(
    String trace,
    long accesses,
    long distinctKeys,
    ReplayConfig config,
    List<PolicyResult> results,
    Map<ReclaimPolicy, SlabMap> before,
    Map<ReclaimPolicy, SlabMap> after,
    Map<ReclaimPolicy, List<SweepPoint>> sweep,
    boolean sameLayout,
    double seconds) {

  /** The figures of one policy. */
  public PolicyResult result(ReclaimPolicy policy) {
    return results.stream().filter(r -> r.policy() == policy).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("policy " + policy.id()
            + " was not replayed on " + trace));
  }
}
