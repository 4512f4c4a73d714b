package dev.slabpool.jmx.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.testkit.ChildJvm;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shrinker in a real JVM with a small heap: a cache that never gives anything back by itself
 * hands out many times the heap without running out of memory, because the collection usage
 * threshold of the old generation triggers reclaim.
 */
class MemoryPressureTest {

  private static Map<String, Long> run(String name, String... args) {
    try (ChildJvm child = ChildJvm.java(PressureHost.class.getName()).name(name)
        .jvmArgs("-Xmx64m", "-XX:+UseG1GC").args(args).start()) {
      String done = child.await("DONE", ChildJvm.patience());
      assertThat(child.awaitExit(ChildJvm.patience())).as(String.join("\n", child.output()))
          .isZero();
      assertThat(child.output()).anyMatch(l -> l.equals("POOL G1 Old Gen"));
      Map<String, Long> figures = new HashMap<>();
      Matcher m = Pattern.compile("(\\w+)=(\\d+)").matcher(done);
      while (m.find()) {
        figures.put(m.group(1), Long.parseLong(m.group(2)));
      }
      figures.put("logged", child.output().stream()
          .filter(l -> l.contains("slabpool memory pressure: G1 Old Gen at")).count());
      figures.put("reclaimLines", child.output().stream()
          .filter(l -> l.startsWith("PRESSURE RECLAIM freed=")).count());
      System.out.println(name + ": " + figures);
      return figures;
    }
  }

  @Test
  void cachesShrinkWhenTheHeapFills() {
    Map<String, Long> f = run("pressure", "0.3", "0.5", "0", "grow");

    // Four heaps' worth of buffers went through a cache that gives nothing back by itself.
    assertThat(f.get("handedOutBytes")).isGreaterThanOrEqualTo(4 * f.get("maxHeap"));
    assertThat(f.get("reclaims")).isGreaterThanOrEqualTo(2);
    assertThat(f.get("logged")).isEqualTo(f.get("reclaims"));
    assertThat(f.get("reclaimLines")).isEqualTo(f.get("reclaims"));
    assertThat(f.get("slabsReclaimed") * 16 * 1024)
        .isGreaterThan(f.get("handedOutBytes") - f.get("maxHeap"));
    assertThat(f.get("peakBytes")).isLessThan(f.get("maxHeap"));
  }

  @Test
  void pressureReclaimIsRateLimited() {
    Map<String, Long> f = run("pressure-limited", "0.3", "0.5", "3600000", "skip");

    assertThat(f.get("reclaims")).isEqualTo(1);
    assertThat(f.get("skipped")).isGreaterThanOrEqualTo(1);
    assertThat(f.get("slabsReclaimed")).isPositive();
    assertThat(f.get("finalBytes")).isGreaterThanOrEqualTo((long) (0.45 * f.get("maxHeap")));
  }
}
