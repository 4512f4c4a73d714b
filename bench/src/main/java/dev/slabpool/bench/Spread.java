package dev.slabpool.bench;

import static dev.slabpool.bench.report.MarkdownTable.num;

import java.util.List;

/**
 * One figure measured round by round (a score, or a ratio of two scores of the same round): its
 * median and its range, and a verdict against a threshold that trusts the whole range only.
 *
 * @param values the figure of each round, in round order; at least one
 */
public record Spread(List<Double> values) {

  /** How a range of rounds stands against a threshold that the figure should reach. */
  public enum Verdict {
    /** Every round reached the threshold. */
    MET("met"),
    /** No round reached it. */
    MISSED("**missed**"),
    /** Some rounds reached it and some did not: this run cannot tell. */
    NOT_SETTLED("**not settled**");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    /** The verdict column of the targets table. */
    public String label() {
      return label;
    }
  }

  /**
   * A spread of these values.
   *
   * @throws IllegalArgumentException without any value
   */
  public Spread {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a spread needs at least one round");
    }
  }

  /** The number of rounds. */
  public int count() {
    return values.size();
  }

  /** The median: the middle value, or the mean of the two middle ones. */
  public double median() {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The lowest value. */
  public double min() {
    return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  /** The highest value. */
  public double max() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  /** Whether this range and {@code other}'s overlap. */
  public boolean overlaps(Spread other) {
    return min() <= other.max() && other.min() <= max();
  }

  /**
   * Met when the whole range reaches {@code threshold} (the lowest round does), missed when the
   * whole range is below it, not settled when it straddles it.
   */
  public Verdict verdict(double threshold) {
    return min() >= threshold ? Verdict.MET
        : max() < threshold ? Verdict.MISSED : Verdict.NOT_SETTLED;
  }

  /** The spread as ratios, for a table cell: {@code 1.37x (1.20x to 1.50x)}. */
  public String ratios() {
    return num(median(), 2) + "x (" + num(min(), 2) + "x to " + num(max(), 2) + "x)";
  }
}
