package dev.slabpool.bench.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.bench.BenchRunnerAccess;
import dev.slabpool.bench.TestTraces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceTest {
  @TempDir
  Path dir;

  @Test
  void readsBinaryTracesAsBigEndianSignedInts() throws IOException {
    long[] keys = {0, 1, -5, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x31323334};
    Path f = TestTraces.binary(dir.resolve("ints.trace.gz"), keys, 0);

    Trace t = Trace.read(f, TraceFormat.AUTO);

    assertThat(t.format()).isEqualTo(TraceFormat.BINARY);
    assertThat(t.keys()).containsExactly(keys);
    assertThat(t.name()).isEqualTo("ints");
    assertThat(t.distinctKeys()).isEqualTo(6);
  }

  @Test
  void readsTextTracesSkippingCheckpointMarkersAndBlankLines() throws IOException {
    Path f = TestTraces.text(dir.resolve("lines.trace.gz"), "*\r\n12\r\n-3\r\n*\r\n\r\n12\r\n 40 \n*");

    Trace t = Trace.read(f, TraceFormat.AUTO);

    assertThat(t.format()).isEqualTo(TraceFormat.TEXT);
    assertThat(t.keys()).containsExactly(12, -3, 12, 40);
    assertThat(t.distinctKeys()).isEqualTo(3);
  }

  @Test
  void readsUncompressedFilesToo() throws IOException {
    Path f = Files.writeString(dir.resolve("plain.txt"), "5\n6\n", StandardCharsets.US_ASCII);

    assertThat(Trace.read(f, TraceFormat.AUTO).keys()).containsExactly(5, 6);
  }

  @Test
  void emptyFilesHaveNoAccesses() throws IOException {
    Path bin = TestTraces.binary(dir.resolve("empty.trace.gz"), new long[0], 0);
    Path txt = TestTraces.text(dir.resolve("stars.trace.gz"), "*\n*\n");

    assertThat(Trace.read(bin, TraceFormat.AUTO).keys()).isEmpty();
    assertThat(Trace.read(txt, TraceFormat.TEXT).keys()).isEmpty();
  }

  @Test
  void aBinaryTraceEndingInsideAnIntIsAnErrorNamingTheFileAndOffset() throws IOException {
    Path f = TestTraces.binary(dir.resolve("cut.trace.gz"), new long[] {1, 2, 3}, 2);

    assertThatThrownBy(() -> Trace.read(f, TraceFormat.BINARY))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cut.trace.gz")
        .hasMessageContaining("truncated")
        .hasMessageContaining("2 byte(s)")
        .hasMessageContaining("offset 12");
  }

  @Test
  void aTextLineThatIsNoKeyIsAnErrorNamingTheLine() throws IOException {
    Path f = TestTraces.text(dir.resolve("bad.trace.gz"), "1\n2\nthree\n");

    assertThatThrownBy(() -> Trace.read(f, TraceFormat.TEXT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.trace.gz:3")
        .hasMessageContaining("'three'");
  }

  @Test
  void theFormatFlagOverridesDetection() throws IOException {
    // "12\n" read as binary: 3 bytes, less than one int.
    Path f = TestTraces.text(dir.resolve("short.trace.gz"), "12\n");

    assertThat(Trace.read(f, TraceFormat.TEXT).keys()).containsExactly(12);
    assertThatThrownBy(() -> Trace.read(f, TraceFormat.BINARY))
        .hasMessageContaining("truncated");
  }

  @Test
  void unknownFormatsAreRejectedByName() {
    assertThat(TraceFormat.parse("Binary")).isEqualTo(TraceFormat.BINARY);
    assertThatThrownBy(() -> TraceFormat.parse("csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'csv'")
        .hasMessageContaining("binary, text, auto");
  }

  @Test
  void theShippedTracesReadAsTheirReadmeSays() throws IOException {
    Path traces = BenchRunnerAccess.findTraces(Path.of("").toAbsolutePath().getParent());

    Trace text = Trace.read(traces.resolve("lirs-multi1.trace.gz"), TraceFormat.AUTO);
    Trace binary = Trace.read(traces.resolve("cache2k-web07.trace.gz"), TraceFormat.AUTO);

    assertThat(text.format()).isEqualTo(TraceFormat.TEXT);
    assertThat(text.length()).isEqualTo(15_858);
    assertThat(binary.format()).isEqualTo(TraceFormat.BINARY);
    assertThat(binary.length()).isEqualTo(76_118);
  }
}
