package dev.slabpool.examples.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.slabpool.examples.Load;
import dev.slabpool.examples.TestHttp;
import dev.slabpool.examples.cli.Sizes;
import dev.slabpool.jmx.ReclaimInfo;
import dev.slabpool.jmx.SlabCacheMXBean;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/**
 * The page service as a real process with the agent: clients fill its direct payload cache past
 * its memory cap with pages of 2 KiB to 512 KiB; then an operator reclaims half the slabs of every
 * size class through the classes' MBeans over a JMX connector on loopback, and the process's
 * direct memory drops by at least the bytes of the slabs the reclaim reported freed. Before
 * JDK 22 a direct slab is an {@code allocateDirect} buffer, counted by the {@code direct} buffer
 * pool MXBean and freed at the next GC (run through the Memory MXBean); from JDK 22 it is an FFM
 * arena closed in the reclaim, which that pool does not count, so the figure there is Native
 * Memory Tracking's "Other" category (the child runs with {@code -XX:NativeMemoryTracking=summary};
 * read through the DiagnosticCommand MBean, as {@code jcmd <pid> VM.native_memory summary} would).
 * Every page served stays the page rendered or put; no request fails.
 */
class PageServiceIT {
  private static final String CACHE = "pages";
  private static final int CLIENTS = 4;
  private static final int PAGES = 1200;
  private static final int HOT = 200;
  private static final int BLOBS = 24;
  private static final int MIN = 2 << 10;
  private static final int MAX = 512 << 10;
  /** The pages ask for some 108 MiB (92 KiB on average): more than the cap holds. */
  private static final long CAP = 96L << 20;
  private static final ObjectName DIAGNOSTIC_COMMAND =
      name("com.sun.management:type=DiagnosticCommand");
  private static final ObjectName SIZE_CLASSES = name("dev.slabpool:type=SlabCache,name="
      + CACHE + ".*");
  private static final Pattern NMT_OTHER = Pattern.compile(
      "-\\s+Other \\(reserved=(\\d+), committed=(\\d+)\\)");
  /** Collections at most, to see the GC free what a reclaim let go (before JDK 22). */
  private static final int MAX_GCS = 20;

  private final PageRenderer renderer = new PageRenderer(MIN, MAX);
  private final boolean arenas = Runtime.version().feature() >= 22;

  @Test
  void reclaimOfTheSizeClassesOverJmxGivesTheirDirectMemoryBack() throws Exception {
    byte[][] blobs = new byte[BLOBS][];
    for (int i = 0; i < BLOBS; i++) {
      blobs[i] = PageServiceTest.random(1 + (int) ((i * 2654435761L) % MAX), i);
    }

    // A fixed, pre-touched heap keeps the Java heap's growth out of the resident memory printed.
    try (ChildJvm service = ChildJvm.java(PageService.class.getName())
        .jvmArgs("-javaagent:" + System.getProperty("slabpool.agent.jar"), "-Xms128m",
            "-Xmx128m", "-XX:+AlwaysPreTouch", "-XX:MaxDirectMemorySize=512m",
            "-XX:NativeMemoryTracking=summary")
        .args("--memory-cap", Long.toString(CAP), "--min-page", Integer.toString(MIN),
            "--max-page", Integer.toString(MAX), "--threads", Integer.toString(CLIENTS))
        .name("page-service").start()) {
      URI uri = URI.create(service.await(Pattern.compile("listening on (http://\\S+)"),
          ChildJvm.patience()));
      try (JMXConnector jmx = LocalJmx.connect(service.pid())) {
        TestHttp http = new TestHttp(uri);
        MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
        assertThat(mbeans.isRegistered(name("dev.slabpool:type=PinTracer")))
            .as("the agent is loaded").isTrue();
        MemoryMXBean heap = ManagementFactory.newPlatformMXBeanProxy(mbeans,
            ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        BufferPoolMXBean direct = ManagementFactory.newPlatformMXBeanProxy(mbeans,
            "java.nio:type=BufferPool,name=direct", BufferPoolMXBean.class);
        List<SlabCacheMXBean> classes = sizeClasses(mbeans);
        Memory baseline = memory(service.pid(), mbeans, classes, direct);

        // Phase 1: every page once, by 4 clients: more than the cap holds; then a hot set again
        // (hits), then pages put by the origin and read back.
        Load fill = Load.start(CLIENTS, (client, i) -> {
          if (i >= PAGES + HOT + BLOBS) {
            return Load.DONE;
          }
          if (i < PAGES + HOT) {
            String path = "/p/" + (i < PAGES ? i : i - PAGES);
            return mismatch(http, path, renderer.render(path));
          }
          int b = (int) (i - PAGES - HOT);
          String path = "/blob/" + b;
          String wrong = putMismatch(http, path, blobs[b]);
          return wrong != null ? wrong : mismatch(http, path, blobs[b]);
        });
        fill.awaitDone();
        assertThat(fill.failures()).isEmpty();
        JsonObject filled = http.json("stats");
        assertThat(filled.get("bytesHeld").getAsLong()).isLessThanOrEqualTo(CAP);
        assertThat(filled.get("pages").getAsLong()).as("the cap evicted pages")
            .isLessThan(PAGES + BLOBS);
        assertThat(filled.get("hits").getAsLong()).isPositive();

        // Phase 2, quiet: the direct memory once the GC freed what the cap's reclaims let go.
        // Read over JMX and from /proc only, so that the service serves nothing else meanwhile
        // (its HTTP threads' first read of /proc/self/status would take native buffers).
        long served = http.json("memory").get("bytesHeld").getAsLong();
        heap.gc();
        Memory before = settled(service.pid(), mbeans, classes, direct, heap);
        assertThat(before.payload()).as("the size classes' MBeans").isEqualTo(served);

        // The operator reclaims half the slabs of every size class that has any, over JMX.
        long slabsFreed = 0;
        long freedBytes = 0;
        long pagesFreed = 0;
        int reclaimed = 0;
        String lastClass = null;
        for (SlabCacheMXBean c : classes) {
          long slabs = c.getTotalSlabs();
          if (slabs == 0) {
            continue;
          }
          ReclaimInfo r = c.reclaim((slabs + 1) / 2);
          reclaimed++;
          slabsFreed += r.getSlabsFreed();
          freedBytes += r.getSlabsFreed() * c.getObjectsPerSlab() * (long) c.getObjectSize();
          pagesFreed += r.getObjectsFreed();
          if (r.getSlabsFreed() > 0) {
            lastClass = c.getName() + " freed " + r.getSlabsFreed() + " slabs";
          }
        }
        assertThat(slabsFreed).isGreaterThanOrEqualTo(classes.size() / 4);

        // The reclaim gave the memory back: at once from JDK 22, at the next GC before.
        int gcs = 0;
        Memory after = memory(service.pid(), mbeans, classes, direct);
        while (before.measured(arenas) - after.measured(arenas) < freedBytes && gcs < MAX_GCS) {
          heap.gc();
          gcs++;
          after = memory(service.pid(), mbeans, classes, direct);
        }
        boolean trimmed = trimNativeHeap(mbeans);
        long residentTrimmed = residentBytes(service.pid());

        System.out.printf("page-service on JDK %d: %d pages of %s to %s and %d put, by %d clients,"
                + " cap %s: %d cached, %d rebalances%n"
                + "  baseline        %s%n"
                + "  before reclaim  %s%n"
                + "  reclaim over JMX, half the slabs of %d size classes: %d slabs freed (%s),"
                + " %d pages%n"
                + "  after, %d GC%s     %s%n"
                + "  change          %s%n"
                + "  %s given back: %d bytes, of %d bytes of slabs freed;"
                + " NMT Other apart from the payload: %d bytes before, %d after%n"
                + "  resident after %s: %s%n",
            Runtime.version().feature(), PAGES, Sizes.format(MIN), Sizes.format(MAX), BLOBS,
            CLIENTS, Sizes.format(CAP), filled.get("pages").getAsLong(),
            filled.get("rebalances").getAsLong(), baseline, before, reclaimed, slabsFreed,
            Sizes.format(freedBytes), pagesFreed, gcs, gcs == 1 ? " " : "s", after,
            before.minus(after), arenas ? "NMT Other" : "direct pool",
            before.measured(arenas) - after.measured(arenas), freedBytes,
            before.nmtOther() - before.payload(), after.nmtOther() - after.payload(),
            trimmed ? "the C heap's trim" : "(no trim on this JDK)",
            Sizes.format(residentTrimmed));

        assertThat(before.payload() - after.payload()).as("payload held given back")
            .isEqualTo(freedBytes);
        if (arenas) {
          assertThat(before.nmtOther() - after.nmtOther())
              .as("NMT Other given back, of %d bytes of slabs freed", freedBytes)
              .isGreaterThanOrEqualTo(freedBytes);
        } else {
          assertThat(before.direct() - after.direct())
              .as("direct buffer pool given back after %d GCs, of %d bytes of slabs freed", gcs,
                  freedBytes)
              .isGreaterThanOrEqualTo(freedBytes);
        }
        service.await(Pattern.compile("reclaim of " + Pattern.quote(lastClass)),
            ChildJvm.patience());

        // Phase 3: every page again: the pages left are hits, the others rendered again.
        long hits = http.json("stats").get("hits").getAsLong();
        Load again = Load.start(CLIENTS, (client, i) -> {
          if (i >= PAGES) {
            return Load.DONE;
          }
          String path = "/p/" + i;
          return mismatch(http, path, renderer.render(path));
        });
        again.awaitDone();
        assertThat(again.failures()).isEmpty();
        assertThat(http.json("stats").get("hits").getAsLong()).as("pages the reclaim left")
            .isGreaterThan(hits);
      }
    }
  }

  /** What the process's memory looks like, in bytes. */
  record Memory(long payload, long direct, long nmtOther, long resident) {
    /** The figure that shows direct payload slabs on this JDK. */
    long measured(boolean arenas) {
      return arenas ? nmtOther : direct;
    }

    Memory minus(Memory m) {
      return new Memory(payload - m.payload, direct - m.direct, nmtOther - m.nmtOther,
          resident - m.resident);
    }

    @Override
    public String toString() {
      return String.format("payload %s, direct pool %s, NMT Other %s, resident %s",
          Sizes.format(payload), Sizes.format(direct), Sizes.format(nmtOther),
          Sizes.format(resident));
    }
  }

  /** The payload the size classes' MBeans hold, the direct pool, NMT's Other and VmRSS. */
  private static Memory memory(long pid, MBeanServerConnection mbeans,
      List<SlabCacheMXBean> classes, BufferPoolMXBean direct) throws Exception {
    long payload = classes.stream().mapToLong(SlabCacheMXBean::getBytesHeld).sum();
    return new Memory(payload, direct.getMemoryUsed(), nmtOther(mbeans), residentBytes(pid));
  }

  /** The memory once a collection changes the direct figures no more. */
  private static Memory settled(long pid, MBeanServerConnection mbeans,
      List<SlabCacheMXBean> classes, BufferPoolMXBean direct, MemoryMXBean heap)
      throws Exception {
    Memory last = memory(pid, mbeans, classes, direct);
    for (int i = 0; i < MAX_GCS; i++) {
      heap.gc();
      Memory m = memory(pid, mbeans, classes, direct);
      if (m.direct() == last.direct() && m.nmtOther() == last.nmtOther()) {
        return m;
      }
      last = m;
    }
    return last;
  }

  /** NMT's committed "Other" memory in bytes, as {@code jcmd <pid> VM.native_memory} shows it. */
  private static long nmtOther(MBeanServerConnection mbeans) throws Exception {
    String summary = (String) mbeans.invoke(DIAGNOSTIC_COMMAND, "vmNativeMemory",
        new Object[] {new String[] {"summary", "scale=B"}},
        new String[] {String[].class.getName()});
    Matcher m = NMT_OTHER.matcher(summary);
    if (!m.find()) {
      throw new AssertionError("no Other category in NMT's summary:\n" + summary);
    }
    return Long.parseLong(m.group(2));
  }

  /** A process's resident memory (Linux {@code VmRSS}) in bytes, as {@code ps} reads it. */
  private static long residentBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new AssertionError("no VmRSS in /proc/" + pid + "/status");
  }

  /** {@code jcmd <pid> System.trim_native_heap}; {@code false} where the JVM has none. */
  private static boolean trimNativeHeap(MBeanServerConnection mbeans) {
    try {
      mbeans.invoke(DIAGNOSTIC_COMMAND, "systemTrimNativeHeap", new Object[] {null},
          new String[] {String[].class.getName()});
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The size classes' MBeans, smallest slots first. */
  private static List<SlabCacheMXBean> sizeClasses(MBeanServerConnection mbeans)
      throws Exception {
    List<SlabCacheMXBean> classes = new ArrayList<>();
    for (ObjectName n : mbeans.queryNames(SIZE_CLASSES, null)) {
      classes.add(JMX.newMXBeanProxy(mbeans, n, SlabCacheMXBean.class));
    }
    classes.sort(Comparator.comparingInt(SlabCacheMXBean::getObjectSize));
    assertThat(classes).as("size classes listed as MBeans").hasSizeGreaterThan(10);
    return classes;
  }

  /**
   * Gets a page; returns what is wrong with the answer, or {@code null}. A hit must be
   * {@code cached}, a miss the page rendered (a page put may have been evicted since).
   */
  private String mismatch(TestHttp http, String path, byte[] cached) {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(http.resolve(TestHttp.withPath(
        "page", path))).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      return "GET " + path + " answered " + r.statusCode();
    }
    String cache = r.headers().firstValue("X-Cache").orElse("");
    byte[] expected = cache.equals("hit") ? cached : renderer.render(path);
    return Arrays.equals(r.body(), expected) ? null
        : "GET " + path + " (" + cache + ") answered " + r.body().length + " bytes, not the "
            + expected.length + " expected";
  }

  /** Puts a page; returns what is wrong with the answer, or {@code null}. */
  private static String putMismatch(TestHttp http, String path, byte[] page) {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(http.resolve(TestHttp.withPath("page",
            path))).PUT(HttpRequest.BodyPublishers.ofByteArray(page)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? null : "PUT " + path + " answered " + r.statusCode() + ": "
        + r.body();
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalArgumentException(name, e);
    }
  }
}
