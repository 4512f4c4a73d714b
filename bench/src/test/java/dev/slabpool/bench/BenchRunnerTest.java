package dev.slabpool.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.bench.sections.PayloadFootprintSection;
import dev.slabpool.bench.sections.PayloadShiftSection;
import dev.slabpool.bench.sections.PayloadTraceSection;
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
        .containsExactly("traces", "payload-traces", "payload-footprint", "payload-shift",
            "payload-jmh", "lookup", "allocate", "reclaim", "compaction", "latency", "agent");
  }

  @Test
  void theTraceSectionWritesTablesChartsAndTargets() throws IOException {
    Path traces = Files.createDirectories(repo.resolve("traces"));
    TestTraces.skewedText(traces.resolve("a.trace.gz"), 8_000, 600, 3);
    TestTraces.binary(traces.resolve("b.trace.gz"), TestTraces.skewed(8_000, 900, 4), 0);
    Files.writeString(traces.resolve("README.md"), "not a trace");
    Path work = Files.createDirectories(repo.resolve("work"));
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    BenchContext ctx = new BenchContext(false, false, 1, repo, traces, work, log);

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
        "hot policy: steady hit ratio >= lru's - 0.005 on every trace",
        "hot policy: steady hit ratio >= caffeine's - 0.01 on every trace",
        "hot policy: hit ratio after the shrink >= both baselines' on every trace",
        "hot policy: density after the shrink >= 0.97 on every trace",
        "hot policy: objects evicted per freed slab <= objects per slab on every trace");
    assertThat(ctx.targets()).allSatisfy(t -> assertThat(t.met() || !t.why().isEmpty())
        .as("a missed target says why: " + t).isTrue());
    assertThat(Files.readAllLines(work.resolve("replay.jsonl"))).hasSize(8);
  }

  @Test
  void thePayloadTraceSectionComparesEveryPeerAtEqualBytes() throws IOException {
    Path traces = Files.createDirectories(repo.resolve("traces"));
    TestTraces.skewedText(traces.resolve("a.trace.gz"), 8_000, 600, 3);
    BenchContext ctx = context(traces, false);

    new PayloadTraceSection().run(ctx);

    String md = ctx.markdownText();
    assertThat(md).contains("| cache | what counts against the budget |")
        .contains("| trace | accesses | budget | slabpool hit ratio (second half) |")
        .contains("| a | 8,000 |")
        // 600 keys of about 490 bytes: a budget far below Ehcache's least.
        .contains("skipped: Ehcache refuses an off-heap tier below 1 MiB")
        .contains("| a | slabpool PayloadCache (DIRECT) |");
    assertThat(ctx.targets()).extracting(Target::target).containsExactly(
        "PayloadCache hit ratio at equal bytes >= caffeine's on every trace",
        "PayloadCache hit ratio at equal bytes >= ohc's on every trace",
        "PayloadCache hit ratio at equal bytes >= ehcache's on every trace");
    assertThat(ctx.targets().get(2).measured()).startsWith("0 of 0 traces")
        .contains("skipped on 1");
  }

  @Test
  void thePayloadFootprintAndShiftSectionsWriteTheirTablesChartAndTargets() throws IOException {
    BenchContext ctx = context(repo.resolve("traces"), true);

    new PayloadFootprintSection().run(ctx);
    new PayloadShiftSection().run(ctx);

    String md = ctx.markdownText();
    assertThat(md).contains("| cache | entries | value bytes | heap (walked) |")
        .contains("Where slabpool PayloadCache (DIRECT)'s bytes go:")
        .contains("| off-heap: slot rounding (slot size - value size) |")
        .contains("| PayloadCache, split frozen at the shift |")
        .contains("(docs/bench/payload-shift.png)");
    assertThat(ImageIO.read(ctx.chartDir().resolve("payload-shift.png").toFile())).isNotNull();
    assertThat(ctx.targets()).extracting(Target::target).containsExactly(
        "PayloadCache overhead per entry <= half of Caffeine's",
        "PayloadCache overhead per entry <= OHC's",
        "value sizes shift half-way: PayloadCache's hit ratio recovers within one cache's worth"
            + " of accesses");
    assertThat(ctx.targets()).allSatisfy(t -> assertThat(t.met() || !t.why().isEmpty())
        .as("a missed target says why: " + t).isTrue());
  }

  private BenchContext context(Path traces, boolean smoke) throws IOException {
    Path work = Files.createDirectories(repo.resolve("work"));
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new BenchContext(false, smoke, 1, repo, traces, work, log);
  }

  @Test
  void roundsAreAWholeNumberOfAtLeastOneAndDefaultByRunLength() {
    assertThat(BenchRunner.rounds("5")).isEqualTo(5);
    assertThatThrownBy(() -> BenchRunner.rounds("0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BenchRunner.rounds("two")).isInstanceOf(NumberFormatException.class);
    assertThat(BenchContext.defaultRounds(false, true)).isEqualTo(1);
    assertThat(BenchContext.defaultRounds(false, false)).isEqualTo(1);
    assertThat(BenchContext.defaultRounds(true, false)).isEqualTo(5);
  }

  @Test
  void theHeaderSaysHowManyInterleavedRoundsTheComparisonsRan() {
    assertThat(BenchRunner.jmhSettings(false, false, 4))
        .startsWith("3 x 1 s warmup, 5 x 1 s measurement per fork")
        .contains("4 rounds (`--rounds`) of one fork per benchmark, interleaved")
        .contains("met only when the whole range clears it").endsWith("Other benchmarks: 1 fork");
    assertThat(BenchRunner.jmhSettings(true, false, 1)).contains("1 round (`--rounds`)")
        .endsWith("Other benchmarks: 2 forks");
  }

  @Test
  void theTracesShipWithTheRepository() {
    Path traces = BenchRunner.findTraces(Path.of("").toAbsolutePath().getParent());
    assertThat(traces.resolve("README.md")).isRegularFile();
    assertThat(traces.resolve("cache2k-orm-night.trace.gz")).isRegularFile();
  }
}
