package dev.slabpool.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {
  private static final String WHY = "every lookup writes the entry's refcount";

  @Test
  void aRangeAboveTheThresholdIsMetWithoutExplanation() {
    Target t = Target.judged("lookup", new Spread(List.of(1.1, 1.3)), 1.0, "m", WHY);

    assertThat(t.met()).isTrue();
    assertThat(t.verdict()).isEqualTo("met");
    assertThat(t.why()).isEmpty();
    assertThat(t.measured()).isEqualTo("m");
  }

  @Test
  void aRangeBelowTheThresholdIsMissedAndSaysWhy() {
    Target t = Target.judged("pool", new Spread(List.of(8.0, 9.5)), 10.0, "m", WHY);

    assertThat(t.met()).isFalse();
    assertThat(t.verdict()).isEqualTo("**missed**");
    assertThat(t.why()).isEqualTo(WHY);
  }

  @Test
  void aStraddlingRangeIsNotSettledNotMetAndSaysSoBeforeWhy() {
    Target t = Target.judged("lookup", new Spread(List.of(0.78, 2.4, 1.2)), 1.0, "m", WHY);

    assertThat(t.met()).isFalse();
    assertThat(t.verdict()).isEqualTo("**not settled**");
    assertThat(t.why()).startsWith("not settled: over 3 rounds the figure ranges from 0.78 to"
        + " 2.40, on both sides of 1.00").contains("`--rounds`").endsWith(WHY);
  }
}
