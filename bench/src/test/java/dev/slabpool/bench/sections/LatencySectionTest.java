package dev.slabpool.bench.sections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.bench.Target;
import dev.slabpool.bench.jmh.LatencySummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencySectionTest {
  private static final LatencySummary IDLE =
      new LatencySummary(1_000_000, 100, 600, 1_200, 8_000, 9_000);
  private static final LatencySummary NO_MISSES = new LatencySummary(0, 0, 0, 0, 0, 0);

  @Test
  void hitsWithinTwiceButAllLookupsNotIsASplitVerdictThatCountsAsMissed() {
    LatencySummary all = new LatencySummary(1_000_000, 120, 990, 8_900, 21_000, 320_000);
    LatencySummary hits = new LatencySummary(970_000, 120, 710, 1_330, 9_000, 320_000);
    LatencySummary misses = new LatencySummary(30_000, 390, 15_000, 32_000, 40_000, 160_000);

    Target t = LatencySection.target(all, IDLE, hits, IDLE, misses);

    assertThat(t.met()).isFalse();
    assertThat(t.verdict()).isEqualTo("met for hits, **missed** for all lookups");
    assertThat(t.measured()).isEqualTo(
        "hits: 1.33 us vs 1.20 us (1.1x); all lookups: 8.90 us vs 1.20 us (7.4x)");
    assertThat(t.why()).startsWith("during reclaim 30,000 of the 1,000,000 lookups missed (3.000%")
        .contains("loads it again and allocates an entry")
        .contains("Misses take p50 0.39 us, p99 15 us, p99.9 32 us");
  }

  /** Without misses, all lookups are hits: one verdict, explained only when missed. */
  @ParameterizedTest
  @CsvSource({"1500, true, met", "3000, false, **missed**"})
  void hitsAndAllLookupsAgreeingGiveOnePlainVerdict(long p999, boolean met, String verdict) {
    LatencySummary during = new LatencySummary(900_000, 110, 650, p999, 8_500, 12_000);

    Target t = LatencySection.target(during, IDLE, during, IDLE, NO_MISSES);

    assertThat(t.met()).isEqualTo(met);
    assertThat(t.verdict()).isEqualTo(verdict);
    assertThat(t.why())
        .isEqualTo(met ? "" : LatencySection.missesExplained(during, during, NO_MISSES));
  }
}
