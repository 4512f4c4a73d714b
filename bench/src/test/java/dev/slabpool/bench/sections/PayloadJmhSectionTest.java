package dev.slabpool.bench.sections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.bench.Spread;
import dev.slabpool.bench.Target;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadJmhSectionTest {

  /** JMH's norm is a fraction of a byte for an operation that allocates nothing. */
  @ParameterizedTest
  @CsvSource({"0.0, 0.0", "0.004, 0.9", "0.9, 0.02"})
  void belowOneBytePerOperationBothWaysIsMet(double get, double put) {
    Target t = PayloadJmhSection.allocationTarget(get, put, 2);

    assertThat(t.met()).isTrue();
    assertThat(t.verdict()).isEqualTo("met");
    assertThat(t.why()).isEmpty();
  }

  @Test
  void aPutThatAllocatesIsASplitVerdictThatCountsAsMissedAndSaysWhatItAllocated() {
    Target t = PayloadJmhSection.allocationTarget(0.01, 32.0, 2);

    assertThat(t.met()).isFalse();
    assertThat(t.verdict()).isEqualTo("met for get hits, **missed** for puts");
    assertThat(t.measured()).isEqualTo("get hit: 0.0 bytes/op; put over a present key: 32.0"
        + " bytes/op (`-prof gc`, 1 thread, the highest of 2 rounds; below 1 counts as 0)");
    assertThat(t.why()).startsWith("the put allocated 32.0 bytes/op on the heap")
        .doesNotContain("get hit allocated");
  }

  @Test
  void bothAllocatingIsOnePlainMissWithBothReasons() {
    Target t = PayloadJmhSection.allocationTarget(16.0, 48.0, 1);

    assertThat(t.verdict()).isEqualTo("**missed**");
    assertThat(t.measured()).contains("(`-prof gc`, 1 thread, 1 round;");
    assertThat(t.why()).startsWith("the get hit allocated 16.0 bytes/op")
        .contains(" the put allocated 48.0 bytes/op");
  }

  /** Without the profile there is no figure: the target is not met, whatever else. */
  @Test
  void noProfileIsNotMet() {
    Target t = PayloadJmhSection.allocationTarget(Double.NaN, 0.0, 1);

    assertThat(t.met()).isFalse();
    assertThat(t.verdict()).isEqualTo("**missed** for get hits, met for puts");
    assertThat(t.measured()).startsWith("get hit: n/a bytes/op");
  }

  @Test
  void everyPeerHasABenchmarkPerOperationInTheOrderOfTheRounds() {
    assertThat(PayloadJmhSection.methods("Get"))
        .containsExactly("slabpoolGet", "caffeineGet", "ohcGet", "ehcacheGet");
    assertThat(PayloadJmhSection.methods("PutNew")).first().isEqualTo("slabpoolPutNew");
  }

  @Test
  void bytesPerOperationShowTheRangeOnlyOverMoreThanOneRound() {
    assertThat(PayloadJmhSection.bytes(new Spread(List.of(40.5)))).isEqualTo("40.5");
    assertThat(PayloadJmhSection.bytes(new Spread(List.of(0.3, 0.02, 0.1))))
        .isEqualTo("0.1 (0.0 to 0.3)");
  }
}
