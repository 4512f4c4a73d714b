package dev.slabpool.bench.payload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EqualBytesTest {

  @Test
  void theBudgetIsAFractionOfTheDistinctValuesInWholeSlabs() {
    long[] keys = new long[20_000];
    long bytes = 0;
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i % 5_000; // each key four times: counted once
      if (i < 5_000) {
        bytes += ValueSizes.of(i);
      }
    }
    EqualBytes b = EqualBytes.of(keys, 0.25);

    assertThat(b.distinctKeys()).isEqualTo(5_000);
    assertThat(b.distinctBytes()).isEqualTo(bytes);
    long budget = bytes / 4;
    assertThat(Integer.bitCount(b.slabSize())).isEqualTo(1);
    assertThat(b.slabSize()).isLessThanOrEqualTo((int) Math.max(4096, budget / 64))
        .isGreaterThan((int) (budget / 128));
    assertThat(b.capBytes() % b.slabSize()).isZero();
    assertThat(b.capBytes()).isLessThanOrEqualTo(budget).isGreaterThan(budget - b.slabSize());
  }

  @Test
  void aTinyTraceStillGetsOneSlabOfTheSmallestSize() {
    EqualBytes b = EqualBytes.of(new long[] {7}, 0.25);

    assertThat(b.slabSize()).isEqualTo(4096);
    assertThat(b.slabs()).isEqualTo(1);
  }
}
