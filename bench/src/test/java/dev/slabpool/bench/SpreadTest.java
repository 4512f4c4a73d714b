package dev.slabpool.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.bench.Spread.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void theMedianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
    Spread s = new Spread(List.of(2.4, 0.78, 1.1, 1.3, 0.9));

    assertThat(s.median()).isEqualTo(1.1);
    assertThat(s.min()).isEqualTo(0.78);
    assertThat(s.max()).isEqualTo(2.4);
    assertThat(s.count()).isEqualTo(5);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(new Spread(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    assertThat(new Spread(List.of(7.0)).median()).isEqualTo(7.0);
  }

  @Test
  void metOnlyWhenTheLowestRoundClearsTheTarget() {
    assertThat(new Spread(List.of(1.2, 1.0, 1.5)).verdict(1.0)).isEqualTo(Verdict.MET);
    assertThat(new Spread(List.of(12.0, 17.0)).verdict(10.0)).isEqualTo(Verdict.MET);
  }

  @Test
  void missedWhenTheWholeRangeIsBelow() {
    assertThat(new Spread(List.of(0.7, 0.99, 0.8)).verdict(1.0)).isEqualTo(Verdict.MISSED);
  }

  @Test
  void notSettledWhenTheRangeStraddlesTheTargetEvenIfTheMedianClearsIt() {
    Spread s = new Spread(List.of(0.78, 1.4, 2.4));

    assertThat(s.median()).isGreaterThan(1.0);
    assertThat(s.verdict(1.0)).isEqualTo(Verdict.NOT_SETTLED);
    assertThat(new Spread(List.of(0.9, 1.0)).verdict(1.0)).as("highest round on the target")
        .isEqualTo(Verdict.NOT_SETTLED);
  }

  @Test
  void theVerdictsLabelsAreThoseOfTheTargetsTable() {
    assertThat(Verdict.MET.label()).isEqualTo("met");
    assertThat(Verdict.MISSED.label()).isEqualTo("**missed**");
    assertThat(Verdict.NOT_SETTLED.label()).isEqualTo("**not settled**");
  }

  @Test
  void rangesOverlapWhenTheyShareAValue() {
    Spread a = new Spread(List.of(1.0, 2.0));

    assertThat(a.overlaps(new Spread(List.of(2.0, 3.0)))).isTrue();
    assertThat(a.overlaps(new Spread(List.of(0.5, 1.5)))).isTrue();
    assertThat(a.overlaps(new Spread(List.of(2.1, 3.0)))).isFalse();
  }

  @Test
  void aRatioCellShowsTheMedianAndTheRange() {
    assertThat(new Spread(List.of(1.5, 1.2, 1.37)).ratios()).isEqualTo("1.37x (1.20x to 1.50x)");
  }

  @Test
  void aSpreadNeedsARound() {
    assertThatThrownBy(() -> new Spread(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
