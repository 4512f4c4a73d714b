package dev.slabpool.bench;

import static dev.slabpool.bench.report.MarkdownTable.num;

import java.util.Locale;

/**
 * One benchmark target of the issue and how the run measured against it.
 *
 * @param target what was to be reached, as the issue words it
 * @param measured the figure(s) measured in this run
 * @param met whether the target was reached
 * @param verdict the verdict column: "met", "**missed**", "**not settled**" (a figure measured
 *     round by round whose range straddles the target: {@link #judged}), or a split verdict such
 *     as "met for hits, **missed** for all lookups" when the target was measured more than one
 *     way
 * @param why when not met: why, from what was measured; otherwise empty or a note
 */
public record Target(String target, String measured, boolean met, String verdict, String why) {

  /** A target with the plain verdict: "met" or "**missed**". */
  public Target(String target, String measured, boolean met, String why) {
    this(target, measured, met, met ? "met" : "**missed**", why);
  }

  /**
   * A target judged on a figure measured round by round, which should reach {@code threshold}:
   * met only when every round does ({@link Spread#verdict}), missed when none does, not settled
   * when the range straddles it. A target that is not met says {@code why}; one not settled says
   * first that this run cannot tell.
   */
  public static Target judged(String target, Spread figure, double threshold, String measured,
      String why) {
    Spread.Verdict v = figure.verdict(threshold);
    String because = switch (v) {
      case MET -> "";
      case MISSED -> why;
      case NOT_SETTLED -> String.format(Locale.ROOT, "not settled: over %d rounds the figure"
          + " ranges from %s to %s, on both sides of %s; more rounds (`--rounds`) or a quieter"
          + " machine may settle it. %s", figure.count(), num(figure.min(), 2),
          num(figure.max(), 2), num(threshold, 2), why).strip();
    };
    return new Target(target, measured, v == Spread.Verdict.MET, v.label(), because);
  }
}
