package dev.slabpool.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterleavedComparisonTest {

  @Test
  void everyRoundRunsOneTrialOfEachSideInTurn() throws Exception {
    List<String> trials = new ArrayList<>();

    InterleavedComparison c = InterleavedComparison.run(List.of("slab", "peer"), 3,
        (side, round) -> {
          trials.add(side + " " + round);
          return 1.0;
        });

    assertThat(trials).containsExactly("slab 1", "peer 1", "slab 2", "peer 2", "slab 3",
        "peer 3");
    assertThat(c.rounds()).isEqualTo(3);
    assertThat(c.sides()).containsExactly("slab", "peer");
  }

  @Test
  void ratiosPairTheTrialsOfTheSameRound() throws Exception {
    // The machine slows down from round to round: each round's ratio is still 2, 2 and 0.5.
    Map<String, List<Double>> figures = Map.of(
        "slab", List.of(10.0, 6.0, 1.0),
        "peer", List.of(5.0, 3.0, 2.0));

    InterleavedComparison c = InterleavedComparison.run(List.of("slab", "peer"), 3,
        (side, round) -> figures.get(side).get(round - 1));

    assertThat(c.ratio("slab", "peer").values()).containsExactly(2.0, 2.0, 0.5);
    assertThat(c.ratio("slab", "peer").median()).isEqualTo(2.0);
    assertThat(c.ratio("peer", "slab").values()).containsExactly(0.5, 0.5, 2.0);
    assertThat(c.figures("slab").values()).containsExactly(10.0, 6.0, 1.0);
    assertThat(c.figures("peer").median()).isEqualTo(3.0);
  }

  @Test
  void aFailingTrialStopsTheComparison() {
    List<String> trials = new ArrayList<>();

    assertThatThrownBy(() -> InterleavedComparison.run(List.of("a", "b"), 2, (side, round) -> {
      trials.add(side + " " + round);
      if (side.equals("b")) {
        throw new IllegalStateException("fork failed");
      }
      return 1.0;
    })).hasMessage("fork failed");
    assertThat(trials).containsExactly("a 1", "b 1");
  }

  @Test
  void refusesNoRoundNoSideASideNamedTwiceAndAnUnknownSide() throws Exception {
    InterleavedComparison.Trial one = (side, round) -> 1.0;

    assertThatThrownBy(() -> InterleavedComparison.run(List.of("a"), 0, one))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InterleavedComparison.run(List.of(), 1, one))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InterleavedComparison.run(List.of("a", "a"), 1, one))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    InterleavedComparison c = InterleavedComparison.run(List.of("a"), 1, one);
    assertThatThrownBy(() -> c.ratio("a", "b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no side 'b'");
  }
}
