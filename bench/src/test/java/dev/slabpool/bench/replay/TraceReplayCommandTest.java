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
        .containsExactly("\"slab\"", "\"lru\"", "\"caffeine\"", "\"hot\"");
    // Belady's optimum is the trace's: one figure for every policy.
    assertThat(objects).extracting(o -> o.get("optHitRatio"))
        .containsOnly(objects.get(0).get("optHitRatio"));
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
      assertThat(number(o, "steadyWindowHitRatio")).isBetween(0.0, 1.0);
      assertThat(number(o, "hitRatioRestAfterShrink")).isBetween(0.0, 1.0);
      assertThat(number(o, "steadyHitRatio")).isBetween(0.0, 1.0);
      assertThat(number(o, "optHitRatio")).isBetween(0.0, 1.0);
      // One cache's worth of accesses: the keys cached just before the shrink.
      assertThat(number(o, "afterWindow")).isEqualTo(
          Math.round(number(o, "densityBefore") * number(o, "slabsBefore") * 16));
      assertThat(number(o, "objectsPerSlab")).isEqualTo(16);
      assertThat(number(o, "shrinkFraction")).isEqualTo(0.25);
      assertThat(number(o, "pinnedFraction")).isEqualTo(0.01);
      assertThat(number(o, "pinned")).isPositive();
    }
  }

  /**
   * 8 keys fill two slabs of 4 (keys 1-4, then 5-8); the second pass over them leaves 8 the most
   * recently used, so it is pinned, and the shrink (25% of 2 slabs: 1) frees the slab of 1-4 under
   * either policy. The next 8 accesses (the 8 objects held before the shrink) are 5 6 7 8 8 7 1 2:
   * 6 hits. Then eight lookups of the pinned key: hits. Without the shrink everything hits, and
   * so does Belady's optimum: the 8 keys fit in the cache.
   */
  @Test
  void hitRatioAfterShrinkCountsTheNextCachesWorthOfAccesses() throws IOException {
    String firstHalf = "1 2 3 4 5 6 7 8 1 2 3 4 5 6 7 8 ";
    String secondHalf = "5 6 7 8 8 7 1 2 " + "8 ".repeat(8);
    Path small = TestTraces.text(dir.resolve("window.trace.gz"),
        (firstHalf + secondHalf).replace(' ', '\n'));

    for (Map<String, String> o : replayQuietly(small, "--policies", "slab,lru")) {
      assertThat(number(o, "slabsFreed")).isEqualTo(1);
      assertThat(number(o, "objectsEvicted")).isEqualTo(4);
      assertThat(number(o, "pinned")).isEqualTo(1);
      assertThat(number(o, "afterWindow")).isEqualTo(8);
      assertThat(number(o, "hitRatioAfterShrink")).isEqualTo(6.0 / 8);
      assertThat(number(o, "steadyWindowHitRatio")).isEqualTo(1.0);
      assertThat(number(o, "hitRatioRestAfterShrink")).isEqualTo(14.0 / 16);
      assertThat(number(o, "steadyHitRatio")).isEqualTo(1.0);
      assertThat(number(o, "optHitRatio")).isEqualTo(1.0);
    }
    // --after-window 4: only 5 6 7 8, all still cached.
    for (Map<String, String> o : replayQuietly(small, "--policies", "slab,lru",
        "--after-window", "4")) {
      assertThat(number(o, "afterWindow")).isEqualTo(4);
      assertThat(number(o, "hitRatioAfterShrink")).isEqualTo(1.0);
      assertThat(number(o, "hitRatioRestAfterShrink")).isEqualTo(14.0 / 16);
    }
  }

  private static List<Map<String, String>> replayQuietly(Path file, String... more)
      throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of(file.toString(), "--objects-per-slab",
        "4", "--cache-objects", "8", "--sweep-steps", "0", "--no-charts", "--quiet"));
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    TraceReplayCommand.run(args.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8), quiet);
    return out.toString(StandardCharsets.UTF_8).lines().map(TraceReplayCommandTest::parse).toList();
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
        .contains("| steady hit ratio | optimal (Belady) |")
        .contains("| slab |").contains("| lru |").contains("| caffeine |").contains("| hot |")
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
    assertThatThrownBy(() -> TraceReplayCommand.run(new String[] {t, "--after-window", "-3"}, quiet, quiet))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window after the shrink")
        .hasMessageContaining("-3");
    assertThatThrownBy(() -> TraceReplayCommand.run(new String[] {t, "--after-window", "many"}, quiet, quiet))
        .hasMessageContaining("--after-window").hasMessageContaining("'many'");
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
