package dev.slabpool.bench.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RecoveryTest {

  @Test
  void countsTheAccessesToTheFirstWindowBackAtTheFraction() {
    double[] w = {0.8, 0.8, 0.2, 0.5, 0.73, 0.75, 0.7};
    Recovery r = Recovery.of(w, 2, 100, 2, 0.9);

    assertThat(r.before()).isCloseTo(0.8, within(1e-12));
    assertThat(r.firstAfter()).isEqualTo(0.2);
    assertThat(r.after()).isCloseTo(0.725, within(1e-12));
    // 0.9 x 0.8 = 0.72: the third window after the shift (0.73) is the first at it.
    assertThat(r.recoveredAfter()).isEqualTo(300);
  }

  @Test
  void aRunThatNeverComesBackSaysSo() {
    Recovery r = Recovery.of(new double[] {0.9, 0.9, 0.1, 0.2}, 2, 10, 2, 0.9);

    assertThat(r.recoveredAfter()).isEqualTo(-1);
  }

  @Test
  void needsTheWindowsToAverageOnBothSides() {
    assertThatThrownBy(() -> Recovery.of(new double[] {0.5, 0.5, 0.5}, 1, 10, 2, 0.9))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 before");
  }
}
