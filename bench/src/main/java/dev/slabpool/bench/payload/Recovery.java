package dev.slabpool.bench.payload;

/**
 * How a cache's windowed hit ratio came back after a shift: its level before (the mean of the
 * last {@code span} windows before the shift), after (the mean of the last {@code span} windows),
 * and the accesses until the first window after the shift at {@code fraction} of the level
 * before.
 *
 * @param before hit ratio over the last windows before the shift
 * @param after hit ratio over the last windows of the run
 * @param firstAfter hit ratio of the first window after the shift
 * @param recoveredAfter accesses from the shift to the end of the first window at
 *     {@code fraction x before}, or -1 if none is
 */
public record Recovery(double before, double after, double firstAfter, long recoveredAfter) {

  /**
   * Reads a run of {@code windows} of {@code window} accesses whose shift is at window
   * {@code shiftWindow}.
   *
   * @throws IllegalArgumentException if there are fewer than {@code span} windows on either side
   */
  public static Recovery of(double[] windows, int shiftWindow, int window, int span,
      double fraction) {
    if (shiftWindow < span || windows.length - shiftWindow < span) {
      throw new IllegalArgumentException("need " + span + " windows on each side of the shift: "
          + shiftWindow + " before, " + (windows.length - shiftWindow) + " after");
    }
    double before = mean(windows, shiftWindow - span, shiftWindow);
    double after = mean(windows, windows.length - span, windows.length);
    long recovered = -1;
    for (int w = shiftWindow; w < windows.length; w++) {
      if (windows[w] >= fraction * before) {
        recovered = (long) (w - shiftWindow + 1) * window;
        break;
      }
    }
    return new Recovery(before, after, windows[shiftWindow], recovered);
  }

  private static double mean(double[] a, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += a[i];
    }
    return sum / (to - from);
  }
}
