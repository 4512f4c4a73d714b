package dev.slabpool.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.bench.sections.TraceSection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunnerTest {
  @TempDir
  Path repo;

  @Test
  void findsEverySectionInDocumentOrder() {
    assertThat(BenchRunner.sections()).extracting(BenchSection::id)
        .containsExactly("traces", "lookup", "allocate", "reclaim", "latency", "agent");
  }

  @Test
  void theTraceSectionWritesTablesChartsAndTargets() throws IOException {
    Path traces = Files.createDirectories(repo.resolve("traces"));
    TestTraces.skewedText(traces.resolve("a.trace.gz"), 8_000, 600, 3);
    TestTraces.binary(traces.resolve("b.trace.gz"), TestTraces.skewed(8_000, 900, 4), 0);
    Files.writeString(traces.resolve("README.md"), "not a trace");
    Path work = Files.createDirectories(repo.resolve("work"));
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    BenchContext ctx = new BenchContext(false, false, repo, traces, work, log);

    new TraceSection().run(ctx);

    String md = ctx.markdownText();
    assertThat(md).contains("### a").contains("### b").doesNotContain("### README")
        .contains("| policy | slabs freed |")
        .contains("| hit ratio after shrink | same accesses without shrink |"
            + " rest of half after shrink | steady hit ratio | optimal (Belady) |")
        .contains("| hit ratio lost to the shrink, next accesses: baseline / slab policy |")
        .contains("| hit ratio lost to the shrink, next accesses: baseline / hot policy |")
        .contains("![a: slab occupancy before and after the shrink](docs/bench/replay-a-heatmap.png)")
        .contains("(docs/bench/replay-b-evictions.png)");
    for (String png : new String[] {"replay-a-heatmap.png", "replay-a-evictions.png",
        "replay-b-heatmap.png", "replay-b-evictions.png"}) {
      assertThat(ImageIO.read(repo.resolve("docs/bench").resolve(png).toFile())).as(png).isNotNull();
    }
    assertThat(ctx.targets()).extracting(Target::target).containsExactly(
        "efficiency >= 0.9 of the optimum on every trace",
        "5x fewer objects evicted per freed slab than lru and caffeine at a 25% shrink",
        "density after the shrink >= 0.9",
        "hit ratio after the shrink above both baselines",
        "hot policy: steady hit ratio >= lru's on every trace",
        "hot policy: steady hit ratio >= caffeine's on every trace");
    assertThat(ctx.targets()).allSatisfy(t -> assertThat(t.met() || !t.why().isEmpty())
        .as("a missed target says why: " + t).isTrue());
    assertThat(Files.readAllLines(work.resolve("replay.jsonl"))).hasSize(8);
  }

  @Test
  void theTracesShipWithTheRepository() {
    Path traces = BenchRunner.findTraces(Path.of("").toAbsolutePath().getParent());
    assertThat(traces.resolve("README.md")).isRegularFile();
    assertThat(traces.resolve("cache2k-orm-night.trace.gz")).isRegularFile();
  }
}
