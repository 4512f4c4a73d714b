package dev.slabpool.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencySummaryTest {
  @TempDir
  Path dir;

  @Test
  void summarisesAHistogramAndReadsBackWhatItWrote() throws IOException {
    Histogram h = new Histogram(3);
    for (int i = 1; i <= 10_000; i++) {
      h.recordValue(i);
    }
    LatencySummary s = LatencySummary.of(h);
    Path file = dir.resolve("s.properties");
    s.write(file);

    assertThat(s.count()).isEqualTo(10_000);
    assertThat(s.p50()).isBetween(4_990L, 5_010L);
    assertThat(s.p999()).isBetween(9_980L, 10_000L);
    assertThat(s.max()).isBetween(10_000L, 10_010L);
    assertThat(LatencySummary.read(file)).isEqualTo(s);
  }

  @Test
  void aFileWithoutTheFieldsIsAnErrorNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.properties"), "count=3\n");

    assertThatThrownBy(() -> LatencySummary.read(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("bad.properties");
  }
}
