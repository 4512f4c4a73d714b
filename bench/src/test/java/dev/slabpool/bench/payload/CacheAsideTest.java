package dev.slabpool.bench.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.bench.replay.Progress;
import org.junit.jupiter.api.Test;

class CacheAsideTest {
  private static final long[] KEYS = {1, 2, 1, 1, 3, 2, 4};

  @Test
  void aMissPutsAndTheNextReadOfTheKeyHits() {
    for (PeerKind kind : PeerKind.values()) {
      try (PayloadPeer p = kind.create(1L << 20, 1 << 16, ValueSizes.MIN)) {
        CacheAside.Hits h = CacheAside.replay(p, KEYS, 0, KEYS.length, k -> (int) k * 100,
            Progress.none(), "test");

        assertThat(h.accesses()).as(p.name()).isEqualTo(7);
        assertThat(h.hits()).as(p.name()).isEqualTo(3); // 1, 1, 2
        assertThat(h.bytes()).as(p.name()).isEqualTo(1400);
        assertThat(h.hitBytes()).as(p.name()).isEqualTo(400);
        assertThat(p.entries()).as(p.name()).isEqualTo(4);
        assertThat(p.valueBytes(k -> (int) k * 100)).as(p.name()).isEqualTo(1000);
      }
    }
  }

  @Test
  void windowsSplitTheAccessesAndTheLastMayBeShorter() {
    try (PayloadPeer p = PeerKind.CAFFEINE.create(1L << 20, 1 << 16, ValueSizes.MIN)) {
      double[] w = CacheAside.windows(p, KEYS, 0, KEYS.length, 3, k -> 64, Progress.none(),
          "test");

      // [1 2 1] one hit; [1 3 2] two; [4] none.
      assertThat(w).containsExactly(1 / 3.0, 2 / 3.0, 0.0);
    }
  }
}
