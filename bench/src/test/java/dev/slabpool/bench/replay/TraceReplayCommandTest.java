package dev.slabpool.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.bench.TestTraces;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReplayCommandTest {
  private static final Pattern FIELD =
      Pattern.compile("\"(\\w+)\":(null|\"[^\"]*\"|-?[0-9.eE+-]+|true|false)");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir
  static Path dir;
  static Path trace;
  static List<Map<String, String>> objects;
  static String stderr;

  @BeforeAll
  static void replay() throws IOException {
    trace = TestTraces.skewedText(dir.resolve("small.trace.gz"), 20_000, 1_500, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TraceReplayCommand.run(new String[] {trace.toString(), "--objects-per-slab", "16",
        "--out", dir.resolve("out").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    objects = out.toString(StandardCharsets.UTF_8).lines().map(TraceReplayCommandTest::parse).toList();
    stderr = err.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, String> parse(String line) {
    assertThat(line).startsWith("{").endsWith("}");
    Map<String, String> m = new HashMap<>();
    Matcher matcher = FIELD.matcher(line);
    while (matcher.find()) {
      m.put(matcher.group(1), matcher.group(2));
    }
    return m;
  }

  private static double number(Map<String, String> o, String field) {
    assertThat(o).containsKey(field);
    return Double.parseDouble(o.get(field));
  }

  @Test
  void printsOneJsonObjectPerPolicyWithTheRequiredFields() {
    assertThat(objects).extracting(o -> o.get("policy"))
        .containsExactly("\"slab\"", "\"lru\"", "\"caffeine\"");
    for (Map<String, String> o : objects) {
      assertThat(o.get("trace")).isEqualTo("\"small\"");
      double freed = number(o, "slabsFreed");
      double evicted = number(o, "objectsEvicted");
      assertThat(freed).isPositive().isLessThanOrEqualTo(number(o, "slabsRequested"));
      assertThat(evicted).isGreaterThanOrEqualTo(number(o, "optimumEvicted"));
      assertThat(number(o, "evictedPerFreedSlab")).isCloseTo(evicted / freed,
          org.assertj.core.data.Offset.offset(1e-9));
      assertThat(number(o, "efficiency")).isCloseTo(number(o, "optimumEvicted") / evicted,
          org.assertj.core.data.Offset.offset(1e-9)).isBetween(0.0, 1.0);
      assertThat(number(o, "densityAfter")).isBetween(0.0, 1.0);
      assertThat(number(o, "hitRatioAfterShrink")).isBetween(0.0, 1.0);
      assertThat(number(o, "steadyHitRatio")).isBetween(0.0, 1.0);
      assertThat(number(o, "objectsPerSlab")).isEqualTo(16);
      assertThat(number(o, "shrinkFraction")).isEqualTo(0.25);
      assertThat(number(o, "pinnedFraction")).isEqualTo(0.01);
      assertThat(number(o, "pinned")).isPositive();
    }
  }

  @Test
  void everyPolicyStartsTheShrinkFromTheSameLayout() {
    assertThat(objects).extracting(o -> o.get("slabsBefore")).containsOnly(objects.get(0).get("slabsBefore"));
    assertThat(objects).extracting(o -> o.get("densityBefore")).containsOnly(objects.get(0).get("densityBefore"));
    assertThat(objects).extracting(o -> o.get("placement")).containsOnly("\"lru\"");
  }

  @Test
  void writesTheTableAndChartsAsPng() throws IOException {
    Path out = dir.resolve("out");
    for (String chart : List.of("small-heatmap.png", "small-evictions.png")) {
      Path png = out.resolve(chart);
      byte[] bytes = Files.readAllBytes(png);
      assertThat(bytes).startsWith(PNG_SIGNATURE);
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as(chart).isNotNull();
      assertThat(image.getWidth()).isGreaterThan(400);
      assertThat(image.getHeight()).isGreaterThan(300);
    }
    String md = Files.readString(out.resolve("small.md"));
    assertThat(md).contains("| policy | slabs freed | objects evicted | evicted / freed slab |")
        .contains("| slab |").contains("| lru |").contains("| caffeine |")
        .contains("![slab occupancy](small-heatmap.png)");
    assertThat(stderr).contains("[replay] small: 20,000 accesses");
  }

  @Test
  void badArgumentsNameTheBadValue() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    String t = trace.toString();
    assertThatThrownBy(() -> TraceReplayCommand.run(new String[] {t, "--shrink", "1.5"}, quiet, quiet))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shrink fraction")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> TraceReplayCommand.run(new String[] {t, "--placement", "random"}, quiet, quiet))
        .hasMessageContaining("'random'");
    assertThatThrownBy(() -> TraceReplayCommand.run(new String[] {t, "--policies", "lfu"}, quiet, quiet))
        .hasMessageContaining("'lfu'");
    assertThatThrownBy(() -> TraceReplayCommand.run(new String[] {t, "--cache-size", "9"}, quiet, quiet))
        .hasMessageContaining("'--cache-size'");
    assertThatThrownBy(() -> TraceReplayCommand.run(new String[] {t, "--objects-per-slab"}, quiet, quiet))
        .hasMessageContaining("--objects-per-slab needs a value");
    assertThatThrownBy(() -> TraceReplayCommand.run(new String[0], quiet, quiet))
        .hasMessageContaining("no trace file");
    Path missing = dir.resolve("missing.trace.gz");
    assertThatThrownBy(() -> TraceReplayCommand.run(new String[] {missing.toString()}, quiet, quiet))
        .isInstanceOf(IOException.class).hasMessageContaining("missing.trace.gz");
  }

  @Test
  void aTraceTooShortToHalveIsRejected() throws IOException {
    Path one = TestTraces.text(dir.resolve("one.trace.gz"), "7\n");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> TraceReplayCommand.run(new String[] {one.toString()}, quiet, quiet))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'one' has 1 access");
  }
}
