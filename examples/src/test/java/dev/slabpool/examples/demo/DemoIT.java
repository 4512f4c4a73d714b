package dev.slabpool.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.testkit.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's demo, run as the README says ({@code ./demo}, here with {@code --no-build}: the
 * build that runs these tests has just built what it needs), on this test's JDK.
 */
class DemoIT {
  private static final Path SCRIPT = Path.of(System.getProperty("slabpool.demo.script"));
  private static final Path AGENT = Path.of(System.getProperty("slabpool.agent.jar"));
  private static final Pattern ROW = Pattern.compile(
      "^ {4}(after warm-up|after reclaim|after invalidation|after compact) +(\\d+) +(\\d+) /"
          + " (\\d+) +([\\d.]+)% +\\S+ \\S+$");
  private static final Pattern RECLAIM = Pattern.compile(
      "^ {4}reclaim\\((\\d+)\\) over JMX +-(\\d+) +hot policy: (\\d+) of (\\d+) slabs freed");
  private static final Pattern INVALIDATE = Pattern.compile(
      "^ {4}invalidate 1 path in 3 +(\\d+) of (\\d+) paths were cached$");
  private static final Pattern COMPACT = Pattern.compile(
      "^ {4}compact\\(\\) over JMX +-?(\\d+) +(\\d+) slabs given back, (\\d+) entries kept,"
          + " nothing evicted$");

  @Test
  void demoWarmsReclaimsOverJmxAndPrintsTheFigures() throws Exception {
    try (ChildJvm demo = demo("--exit-after-reclaim")) {
      assertThat(demo.awaitExit(ChildJvm.patience())).as(String.join("\n", demo.output()))
          .isZero();
      List<String> out = demo.output();
      String text = String.join("\n", out);
      assertThat(text).contains("tree       " + Path.of(System.getProperty("java.home"))
              .toRealPath())
          .contains("agent MBeans present (PinTracer)")
          .contains("metadata-service stopped")
          .doesNotContain("Exception").doesNotContain("\tat ");
      String pid = find(out, Pattern.compile("^  service +http://\\S+ +pid (\\d+)"))[0];
      assertThat(text).contains("    jconsole " + pid + "\n")
          .containsPattern("jconsole -pluginpath \\S+/heatmap/target/slabpool-heatmap-\\S+\\.jar "
              + pid + "\n")
          .contains("slabpool-agent.jar " + pid + " slabtop");
      String[] warm = find(out, Pattern.compile("^  warm-up +(\\d+) paths looked up through"
          + " the cache by \\d+ clients in [\\d.]+ s$"));
      assertThat(Long.parseLong(warm[0])).isGreaterThan(100);

      String[] before = find(out, ROW);
      String[] reclaim = find(out, RECLAIM);
      String[] after = row(out, "after reclaim");
      long slabsBefore = Long.parseLong(before[1]);
      long freed = Long.parseLong(reclaim[2]);
      assertThat(before[0]).isEqualTo("after warm-up");
      assertThat(Long.parseLong(before[2])).as("objects after warm-up")
          .isEqualTo(Long.parseLong(warm[0]));
      assertThat(Long.parseLong(reclaim[0])).isEqualTo(slabsBefore / 2);
      assertThat(freed).isPositive().isEqualTo(Long.parseLong(reclaim[1]));
      assertThat(Long.parseLong(after[1])).isEqualTo(slabsBefore - freed);
      assertThat(Long.parseLong(after[2])).isLessThan(Long.parseLong(before[2]));

      String[] invalidated = find(out, INVALIDATE);
      String[] thinned = row(out, "after invalidation");
      String[] compact = find(out, COMPACT);
      String[] packed = row(out, "after compact");
      long removed = Long.parseLong(invalidated[0]);
      assertThat(removed).isPositive();
      assertThat(Long.parseLong(thinned[2])).isEqualTo(Long.parseLong(after[2]) - removed);
      long compacted = Long.parseLong(compact[1]);
      assertThat(compacted).as("slabs given back by compact()").isPositive();
      assertThat(Long.parseLong(compact[0])).isEqualTo(compacted);
      assertThat(Long.parseLong(packed[1])).isEqualTo(Long.parseLong(thinned[1]) - compacted);
      assertThat(Long.parseLong(packed[2])).as("entries: nothing evicted")
          .isEqualTo(Long.parseLong(thinned[2])).isEqualTo(Long.parseLong(compact[2]));
      assertThat(Double.parseDouble(packed[4])).as("density")
          .isGreaterThan(Double.parseDouble(thinned[4]));
      assertThat(ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive))
          .as("the service stopped").isEmpty();
    }
  }

  @Test
  void ctrlCStopsTheDemoAndItsServiceCleanly() throws Exception {
    try (ChildJvm demo = demo()) {
      demo.await("Serving until Ctrl-C.", ChildJvm.patience());
      String pid = find(demo.output(), Pattern.compile("^  service +http://\\S+ +pid (\\d+)"))[0];

      // The command the demo prints for slabtop, once, against the running service.
      try (ChildJvm slabtop = ChildJvm.command(ChildJvm.javaExecutable().toString(), "-jar",
          AGENT.toString(), pid, "slabtop", "--once").name("slabtop").start()) {
        assertThat(slabtop.awaitExit(ChildJvm.patience())).isZero();
        assertThat(slabtop.output()).anySatisfy(l -> assertThat(l).endsWith(" metadata"));
      }

      // Ctrl-C in a terminal sends SIGINT to the demo and the service it started.
      try (ChildJvm kill = ChildJvm.command("kill", "-INT", Long.toString(demo.pid()), pid)
          .name("kill").start()) {
        assertThat(kill.awaitExit(ChildJvm.patience())).isZero();
      }
      demo.awaitExit(ChildJvm.patience());
      String text = String.join("\n", demo.output());
      assertThat(text).contains("  service | metadata-service stopped")
          .doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive))
          .as("the service stopped").isEmpty();
    }
  }

  private static ChildJvm demo(String... args) {
    assertThat(SCRIPT).exists();
    return ChildJvm.command(List.of("sh", SCRIPT.toString(), "--no-build").toArray(String[]::new))
        .args(args).env("JAVA_HOME", System.getProperty("java.home")).name("demo").start();
  }

  /** The groups of the table row labelled {@code label}. */
  private static String[] row(List<String> lines, String label) {
    return lines.stream().filter(l -> l.startsWith("    " + label + " ")).findFirst()
        .map(l -> match(ROW, l)).orElseThrow(() -> new AssertionError("no row '" + label
            + "' in:\n" + String.join("\n", lines)));
  }

  /** The groups of the first line matching. */
  private static String[] find(List<String> lines, Pattern p) {
    return lines.stream().filter(l -> p.matcher(l).find()).findFirst().map(l -> match(p, l))
        .orElseThrow(() -> new AssertionError("no line matches /" + p + "/ in:\n"
            + String.join("\n", lines)));
  }

  private static String[] match(Pattern p, String line) {
    Matcher m = p.matcher(line);
    assertThat(m.find()).as(line).isTrue();
    String[] groups = new String[m.groupCount()];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = m.group(i + 1);
    }
    return groups;
  }
}
