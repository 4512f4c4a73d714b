package dev.slabpool.bench.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ValueSizesTest {

  @Test
  void sizesAreAFunctionOfTheKeyWithinTheRange() {
    for (long k = -1000; k < 1000; k++) {
      assertThat(ValueSizes.of(k)).isEqualTo(ValueSizes.of(k))
          .isBetween(ValueSizes.MIN, ValueSizes.MAX - 1);
      assertThat(ValueSizes.between(k, 1024, 4096)).isBetween(1024, 4095);
    }
  }

  @Test
  void theDistributionIsTheOneTheReadmeGives() {
    int n = 1_000_000;
    int[] sizes = new int[n];
    long sum = 0;
    int small = 0;
    int large = 0;
    for (int k = 0; k < n; k++) {
      sizes[k] = ValueSizes.of(k);
      sum += sizes[k];
      small += sizes[k] < 64 ? 1 : 0;
      large += sizes[k] >= 2048 ? 1 : 0;
    }
    Arrays.sort(sizes);
    assertThat(sizes[n / 2]).isEqualTo(107);
    assertThat((double) sum / n).isBetween(480.0, 500.0);
    assertThat((double) small / n).isBetween(0.37, 0.39);
    assertThat((double) large / n).isBetween(0.07, 0.08);
    assertThat(sizes[0]).isEqualTo(ValueSizes.MIN);
    assertThat(sizes[n - 1]).isEqualTo(ValueSizes.MAX - 1);
  }

  @Test
  void keysAreMixedSoNeighboursDiffer() {
    assertThat(ValueSizes.unit(1)).isNotEqualTo(ValueSizes.unit(2));
    assertThat(ValueSizes.unit(0)).isBetween(0.0, 1.0);
  }
}
