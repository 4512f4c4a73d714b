package dev.slabpool.bench.sections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.bench.InterleavedComparison;
import dev.slabpool.bench.Spread;
import java.util.List;
import org.junit.jupiter.api.Test;

class JmhResultsTest {

  @Test
  void aTargetAgainstAPeerGivesTheMedianRatioItsRangeAndTheRounds() {
    String m = JmhResults.versus("Caffeine", new Spread(List.of(1.2, 0.78, 2.4)), 5.04, 3.66);

    assertThat(m).isEqualTo("median 1.20x Caffeine, range 0.78x to 2.40x over 3 rounds"
        + " (5.0 vs 3.7 ops/us, medians)");
  }

  @Test
  void theTextAboveATableNamesTheRoundsAndTheOrderOfTheForks() throws Exception {
    InterleavedComparison c = InterleavedComparison.run(List.of("keyedLookup",
        "caffeineGetIfPresent"), 2, (side, round) -> 1.0);

    assertThat(JmhResults.howInterleaved(c)).startsWith("the median over 2 rounds of one fork")
        .contains("every round runs keyedLookup, caffeineGetIfPresent in turn");
  }

  @Test
  void gcTimeIsZeroWhenJmhLeftItOutForWantOfAGcAndUnknownWithoutTheProfiler() {
    assertThat(JmhResults.gcMillis(3, 41.0)).isEqualTo(41.0);
    assertThat(JmhResults.gcMillis(0, Double.NaN)).isZero();
    assertThat(JmhResults.gcMillis(Double.NaN, Double.NaN)).isNaN();
  }
}
