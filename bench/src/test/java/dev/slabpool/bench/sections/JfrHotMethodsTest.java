package dev.slabpool.bench.sections;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrHotMethodsTest {
  @TempDir
  Path dir;

  private static volatile long sink;

  /** Busy work the profile must find. */
  static long spinHere(long until) {
    long x = 1;
    while (System.nanoTime() < until) {
      for (int i = 0; i < 1000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    return x;
  }

  @Test
  void findsTheHotMethodOfTheBenchmarkThreadsOnly() throws Exception {
    Path jfr = dir.resolve("profile.jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      r.start();
      Thread worker = new Thread(() -> sink = spinHere(System.nanoTime() + 400_000_000L),
          "test-jmh-worker-1");
      Thread other = new Thread(() -> sink = spinHere(System.nanoTime() + 400_000_000L), "other");
      worker.start();
      other.start();
      worker.join();
      other.join();
      r.stop();
      r.dump(jfr);
    }

    String md = JfrHotMethods.read(jfr).markdown(5);

    assertThat(md).contains("CPU samples of the benchmark threads")
        .contains("`JfrHotMethodsTest.spinHere")
        .contains("| frame (self: where the sample was taken) | samples | share |");
  }

  @Test
  void saysSoWhenThereAreNoSamples() throws IOException {
    Path jfr = dir.resolve("empty.jfr");
    try (Recording r = new Recording()) {
      r.start();
      r.stop();
      r.dump(jfr);
    }

    assertThat(JfrHotMethods.read(jfr).markdown(5)).contains("no CPU samples");
  }
}
