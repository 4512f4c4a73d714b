package dev.slabpool.bench;

/**
 * One benchmark target of the issue and how the run measured against it.
 *
 * @param target what was to be reached, as the issue words it
 * @param measured the figure(s) measured in this run
 * @param met whether the target was reached
 * @param verdict the verdict column: "met", "**missed**", or a split verdict such as "met for
 *     hits, **missed** for all lookups" when the target was measured more than one way
 * @param why when missed: why, from what was measured; otherwise empty or a note
 */
public record Target(String target, String measured, boolean met, String verdict, String why) {

  /** A target with the plain verdict: "met" or "**missed**". */
  public Target(String target, String measured, boolean met, String why) {
    this(target, measured, met, met ? "met" : "**missed**", why);
  }
}
