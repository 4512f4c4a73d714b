package dev.slabpool.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slabpool.agent.cli.KeyReader.Key;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * slabtop's loop with made-up rows and made-up keys: sort letters, {@code q}, the rates between
 * tables, and the JSON lines. The keys answer at once, so nothing waits.
 */
class SlabTopTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  /** The rows of each read in turn: "big" has more objects, "aaa" comes first by name. */
  private final Deque<List<CacheRow>> reads = new ArrayDeque<>(List.of(
      List.of(row("big", 100, 0), row("aaa", 10, 0)),
      List.of(row("big", 100, 4), row("aaa", 10, 0)),
      List.of(row("big", 100, 4), row("aaa", 10, 0))));

  private static CacheRow row(String name, long objects, long slabsReclaimed) {
    return new CacheRow(name, false, true, "slab", objects, objects, 1.0, 64, objects / 10, 0,
        10, objects * 64, -1, 0, slabsReclaimed, slabsReclaimed * 10);
  }

  /** Keys that answer each wait with the next of {@code typed}, then with nothing. */
  private static SlabTop.Keys typed(Key... typed) {
    Deque<Key> keys = new ArrayDeque<>(List.of(typed));
    return millis -> keys.poll();
  }

  private List<String> nameLines() {
    List<String> names = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.endsWith(" big") || line.endsWith(" aaa")) {
        names.add(line.substring(line.length() - 3));
      }
    }
    return names;
  }

  @Test
  void aSortLetterReordersTheNextTableAndQStops() throws Exception {
    new SlabTop("objects", 60, Long.MAX_VALUE, false).run(reads::poll, out, false,
        typed(new Key("name"), Key.QUIT));
    // first table by objects, second by name, then q: no third read
    assertThat(nameLines()).containsExactly("big", "aaa", "aaa", "big");
    assertThat(reads).hasSize(1);
  }

  @Test
  void ratesAreDashesOnTheFirstTableAndFiguresAfter() throws Exception {
    new SlabTop("o", 60, 2, false).run(reads::poll, out, false, typed());
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.endsWith(" big")).toList();
    assertThat(lines.get(0)).matches(".* - +- +slab +big");
    // 4 slabs and 40 objects reclaimed between the tables: some rate above zero, not "-"
    assertThat(lines.get(1)).matches(".* [0-9]+\\.[0-9] +[0-9]+\\.[0-9] +slab +big")
        .doesNotContain(" 0.0 ");
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("RSLABS/S", "ROBJS/S");
  }

  @Test
  void requestedBytesStandBesideTheBytesHeldAndADashForACacheWithoutValues() throws Exception {
    // A payload cache's 128-byte class: 40 values of 100 bytes in 2 slabs of 32 slots.
    CacheRow sizeClass = new CacheRow("pages.128", true, true, "hot", 64, 40, 0.625, 128, 2, 1,
        32, 8192, 4000, 0, 0, 0);
    SlabTop.print(List.of(sizeClass, row("big", 100, 0)), Map.of(), out);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    String header = lines.stream().filter(l -> l.contains("OBJS")).findFirst().orElseThrow();
    assertThat(header).matches(".* BYTES +REQ +PINNED .*");
    assertThat(lines).anyMatch(l -> l.matches(".* 8K +4K +0 +- +- +hot +pages\\.128"))
        .anyMatch(l -> l.matches(".* 7K +- +0 +- +- +slab +big"));
  }

  @Test
  void jsonIsOneObjectPerTable() throws Exception {
    new SlabTop("name", 60, 3, true).run(reads::poll, out, false, typed());
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertThat(first.get("sort").getAsString()).isEqualTo("name");
    assertThat(first.getAsJsonArray("caches").get(0).getAsJsonObject().get("name")
        .getAsString()).isEqualTo("aaa");
    assertThat(first.getAsJsonArray("caches").get(1).getAsJsonObject()
        .get("reclaimedSlabsPerSecond").isJsonNull()).isTrue();
    JsonObject second = JsonParser.parseString(lines.get(1)).getAsJsonObject();
    assertThat(second.getAsJsonArray("caches").get(1).getAsJsonObject()
        .get("reclaimedSlabsPerSecond").getAsDouble()).isPositive();
    assertThat(first.getAsJsonArray("caches").get(0).getAsJsonObject().get("requestedBytes")
        .isJsonNull()).as("caches whose slots hold no values").isTrue();
  }

  @Test
  void sortKeysAreNamesOrSlabtopLetters() throws CliException {
    assertThat(SlabTop.sortKey("c")).isEqualTo("bytes");
    assertThat(SlabTop.sortKey("u")).isEqualTo("use");
    assertThat(SlabTop.sortKey("perslab")).isEqualTo("perslab");
    assertThatThrownBy(() -> SlabTop.sortKey("v")).isInstanceOf(CliException.class)
        .hasMessageContaining("unknown sort key 'v'").hasMessageContaining("abclnosu");
  }
}
