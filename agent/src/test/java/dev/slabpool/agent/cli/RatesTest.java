package dev.slabpool.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.agent.cli.Rates.Rate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reclaim rates between refreshes, from the caches' reclaim counters and the times read. */
class RatesTest {
  private static final long SECOND = 1_000_000_000L;

  static CacheRow row(String name, long slabsReclaimed, long objectsReclaimed) {
    return new CacheRow(name, false, true, "slab", 64, 64, 1.0, 256, 8, 0, 8, 16384, -1, 0,
        slabsReclaimed, objectsReclaimed);
  }

  @Test
  void theFirstRefreshHasNoRates() {
    assertThat(new Rates().next(List.of(row("a", 5, 40)), 7 * SECOND)).isEmpty();
  }

  @Test
  void ratesAreTheCountersDifferencesPerSecondBetweenRefreshes() {
    Rates rates = new Rates();
    rates.next(List.of(row("a", 5, 40), row("b", 0, 0)), 10 * SECOND);
    assertThat(rates.next(List.of(row("a", 11, 88), row("b", 0, 0)), 12 * SECOND))
        .containsEntry("a", new Rate(3.0, 24.0)).containsEntry("b", new Rate(0.0, 0.0));
    // against the previous refresh, not the first: 4 slabs in half a second
    assertThat(rates.next(List.of(row("a", 15, 120)), 12 * SECOND + SECOND / 2))
        .containsExactlyEntriesOf(java.util.Map.of("a", new Rate(8.0, 64.0)));
  }

  @Test
  void aNewCacheAResetCounterOrNoTimeGivesNoRate() {
    Rates rates = new Rates();
    rates.next(List.of(row("a", 5, 40)), SECOND);
    assertThat(rates.next(List.of(row("a", 1, 8), row("new", 3, 24)), 2 * SECOND)).isEmpty();
    assertThat(rates.next(List.of(row("a", 2, 16)), 2 * SECOND)).isEmpty();
  }
}
