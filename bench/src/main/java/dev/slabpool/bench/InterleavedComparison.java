package dev.slabpool.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sides measured against each other in interleaved trials: round 1 runs one trial of every side
 * in turn, then round 2 does, and so on, so that the machine's drift (other builds, frequency,
 * heat) hits every side alike. A trial is one JMH fork, or one timed JVM; its figure is kept by
 * side and round, and a ratio between two sides is taken round by round, each trial against the
 * other side's trial of the same round.
 */
public final class InterleavedComparison {

  /** One trial: measures {@code side} in {@code round} (from 1) and returns its figure. */
  @FunctionalInterface
  public interface Trial {
    /**
     * Measures one side once.
     *
     * @throws Exception when the measurement fails; the comparison stops there
     */
    double measure(String side, int round) throws Exception;
  }

  private final Map<String, List<Double>> figures;

  private InterleavedComparison(Map<String, List<Double>> figures) {
    this.figures = figures;
  }

  /**
   * Runs {@code rounds} rounds of one trial per side, the sides in the given order in every
   * round.
   *
   * @throws IllegalArgumentException without sides, with a side named twice, or with fewer than
   *     one round
   * @throws Exception what a trial threw
   */
  public static InterleavedComparison run(List<String> sides, int rounds, Trial trial)
      throws Exception {
    if (sides.isEmpty() || rounds < 1) {
      throw new IllegalArgumentException("a comparison needs a side and a round: " + sides
          + ", " + rounds + " round(s)");
    }
    Map<String, List<Double>> figures = new LinkedHashMap<>();
    for (String side : sides) {
      if (figures.put(side, new ArrayList<>()) != null) {
        throw new IllegalArgumentException("side '" + side + "' is named twice in " + sides);
      }
    }
    for (int round = 1; round <= rounds; round++) {
      for (String side : sides) {
        figures.get(side).add(trial.measure(side, round));
      }
    }
    return new InterleavedComparison(figures);
  }

  /** The sides, in the order each round ran them. */
  public List<String> sides() {
    return List.copyOf(figures.keySet());
  }

  /** The number of rounds. */
  public int rounds() {
    return figures.values().iterator().next().size();
  }

  /** The figures of {@code side}, round by round. */
  public Spread figures(String side) {
    return new Spread(of(side));
  }

  /** {@code numerator}'s figure over {@code denominator}'s, round by round. */
  public Spread ratio(String numerator, String denominator) {
    List<Double> top = of(numerator);
    List<Double> bottom = of(denominator);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < top.size(); i++) {
      ratios.add(top.get(i) / bottom.get(i));
    }
    return new Spread(ratios);
  }

  private List<Double> of(String side) {
    List<Double> f = figures.get(side);
    if (f == null) {
      throw new IllegalArgumentException("no side '" + side + "' in " + figures.keySet());
    }
    return f;
  }
}
