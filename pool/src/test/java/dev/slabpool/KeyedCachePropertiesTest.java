package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of keyed cache operations (lookups that hold or drop their reference,
 * releases, puts, removes, reclaims, shrinks, cap changes, policy switches and compactions)
 * against a model, with the invariants checked after every step: a lookup returns its own key's
 * latest value (or a reload after an eviction), never another key's; no held entry is freed or
 * changed; a compaction changes no key or value; nothing leaked; the statistics add up.
 */
class KeyedCachePropertiesTest {
  private static final ReclaimPolicy[] POLICIES = ReclaimPolicy.values();

  enum Kind { LOOKUP_HOLD, LOOKUP, RELEASE, PUT, REMOVE, RECLAIM, SHRINK, CAP, POLICY, COMPACT }

  record Op(Kind kind, int key, int arg) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(
            Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Kind.LOOKUP_HOLD)),
                Tuple.of(5, Arbitraries.just(Kind.LOOKUP)),
                Tuple.of(4, Arbitraries.just(Kind.RELEASE)),
                Tuple.of(4, Arbitraries.just(Kind.PUT)),
                Tuple.of(2, Arbitraries.just(Kind.REMOVE)),
                Tuple.of(2, Arbitraries.just(Kind.RECLAIM)),
                Tuple.of(1, Arbitraries.just(Kind.SHRINK)),
                Tuple.of(1, Arbitraries.just(Kind.CAP)),
                Tuple.of(1, Arbitraries.just(Kind.POLICY)),
                Tuple.of(2, Arbitraries.just(Kind.COMPACT))),
            Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 30))
        .as(Op::new).list().ofMinSize(1).ofMaxSize(80);
  }

  @Property(tries = 150, edgeCases = EdgeCasesMode.MIXIN)
  void invariantsHoldAfterEveryStep(@ForAll("ops") List<Op> ops,
      @ForAll("policies") ReclaimPolicy initial) {
    KeyedCache<Integer, String> cache = KeyedCache.<Integer, String>builder(Names.unique("kprop"))
        .registered(false).objectsPerSlab(3).arenas(1).circulation(1).memoryCapSlabs(4)
        .policy(initial).loader(k -> "loaded:" + k).build();
    /** Latest value the model knows per key; a key may also have been evicted since. */
    Map<Integer, String> latest = new HashMap<>();
    List<CacheEntry<Integer, String>> held = new ArrayList<>();
    List<String> heldValues = new ArrayList<>();
    int writes = 0;
    try {
      for (Op op : ops) {
        int k = op.key();
        switch (op.kind()) {
          case LOOKUP_HOLD, LOOKUP -> {
            CacheEntry<Integer, String> e;
            try {
              e = cache.lookup(k);
            } catch (SlabCacheFullException full) {
              assertThat(held).as("full with few entries held").hasSizeGreaterThanOrEqualTo(6);
              break;
            }
            assertThat(e.key()).isEqualTo(k);
            assertThat(e.value()).isIn(latest.getOrDefault(k, "loaded:" + k), "loaded:" + k);
            latest.put(k, e.value());
            if (op.kind() == Kind.LOOKUP_HOLD && held.size() < 8) {
              held.add(e);
              heldValues.add(e.value());
            } else {
              cache.release(e);
            }
          }
          case RELEASE -> {
            if (!held.isEmpty()) {
              int i = op.arg() % held.size();
              cache.release(held.remove(i));
              heldValues.remove(i);
            }
          }
          case PUT -> {
            String v = "put:" + k + ":" + writes++;
            try {
              cache.put(k, v);
              latest.put(k, v);
            } catch (SlabCacheFullException full) {
              assertThat(held).as("full with few entries held").hasSizeGreaterThanOrEqualTo(6);
            }
          }
          case REMOVE -> {
            cache.remove(k);
            latest.remove(k);
          }
          case RECLAIM -> cache.reclaim(op.arg() % 3);
          case SHRINK -> cache.shrink();
          case CAP -> cache.memoryCap(2 + op.arg() % 4);
          case POLICY -> cache.policy(POLICIES[op.arg() % POLICIES.length]);
          case COMPACT -> {
            Map<Integer, String> before = new HashMap<>(cache.asMap());
            long moved = cache.compact().objectsMoved();
            assertThat(cache.asMap()).as("compaction (%d moved) changes no key or value", moved)
                .isEqualTo(before);
          }
          default -> throw new AssertionError(op);
        }
        for (int i = 0; i < held.size(); i++) {
          assertThat(held.get(i).value()).as("held entry changed").isEqualTo(heldValues.get(i));
        }
        KeyedInvariants.check(cache, held);
      }
      held.forEach(cache::release);
      held.clear();
      KeyedInvariants.check(cache);
    } finally {
      cache.destroy();
    }
  }

  @Provide
  Arbitrary<ReclaimPolicy> policies() {
    return Arbitraries.of(ReclaimPolicy.class);
  }
}
