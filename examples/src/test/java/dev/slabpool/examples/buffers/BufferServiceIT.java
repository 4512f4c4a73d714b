package dev.slabpool.examples.buffers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.slabpool.examples.Load;
import dev.slabpool.examples.TestHttp;
import dev.slabpool.jmx.ReclaimInfo;
import dev.slabpool.jmx.SlabCacheMXBean;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.regex.Pattern;
import javax.management.JMX;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/**
 * The buffer-pool service as a real process: a burst of large requests from several clients
 * builds direct slabs; an operator's reclaim over JMX, while smaller requests continue, gives
 * them back, and the process's resident memory (and before JDK 22 the direct buffer pool) shows
 * the memory left the process. Every echo and checksum stays right; no request fails.
 */
class BufferServiceIT {
  private static final String POOL = "buffers";
  private static final int CLIENTS = 8;
  // Large enough that the memory freed (about 128 MiB) dwarfs what the process's resident size
  // moves by on its own in the same moment (JIT arenas, thread stacks: up to about 20 MiB).
  private static final int BIG = 16 << 20;
  private static final int SMALL = 100 << 10;

  @Test
  void reclaimOverJmxUnderLoadReturnsDirectMemoryToTheOs() throws Exception {
    byte[][] bodies = new byte[CLIENTS + 1][];
    String[] crcs = new String[bodies.length];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = BufferServiceTest.random(i < CLIENTS ? BIG - i * 1000 : SMALL, i);
      crcs[i] = BufferServiceTest.crc32c(bodies[i]);
    }

    // A fixed, pre-touched heap keeps the Java heap's growth out of the resident memory measured;
    // the JMX connection is made before the burst, so its own cost is not measured either.
    try (ChildJvm service = ChildJvm.java(BufferService.class.getName())
        .jvmArgs("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch", "-XX:MaxDirectMemorySize=1g")
        .args("--threads", Integer.toString(CLIENTS), "--max-body", "32m")
        .name("buffer-service").start()) {
      URI uri = URI.create(service.await(Pattern.compile("listening on (http://\\S+)"),
          ChildJvm.patience()));
      try (JMXConnector jmx = LocalJmx.connect(service.pid())) {
        TestHttp http = new TestHttp(uri);
        SlabCacheMXBean pool = JMX.newMXBeanProxy(jmx.getMBeanServerConnection(),
            SlabpoolJmx.cacheObjectName(POOL), SlabCacheMXBean.class);

        // Phase 1: a burst of 16 MiB bodies, one per client at a time, three rounds.
        Load burst = Load.start(CLIENTS, (client, i) -> i >= 3 * CLIENTS ? Load.DONE
            : echoMismatch(http, bodies[(int) (i % CLIENTS)], crcs[(int) (i % CLIENTS)]));
        burst.awaitDone();
        assertThat(burst.failures()).isEmpty();
        long burstSlabs = pool.getTotalSlabs();
        assertThat(burstSlabs).as("slabs built by the burst").isGreaterThanOrEqualTo(8);

        // Phase 2: small requests go on while the operator reclaims everything reclaimable.
        Load trickle = Load.start(2,
            (client, i) -> echoMismatch(http, bodies[CLIENTS], crcs[CLIENTS]));
        trickle.awaitRequests(50);
        JsonObject before = http.json("memory");
        ReclaimInfo reclaim = pool.reclaim(Long.MAX_VALUE);
        JsonObject after = http.json("memory");
        trickle.awaitRequests(trickle.requests() + 50);
        trickle.stop();
        System.out.printf("burst: %d slabs; reclaim freed %d slabs; memory before %s%n"
            + "  after %s%n", burstSlabs, reclaim.getSlabsFreed(), before, after);

        assertThat(trickle.failures()).isEmpty();
        long slabBytes = pool.getObjectsPerSlab() * (long) pool.getObjectSize();
        long freedBytes = reclaim.getSlabsFreed() * slabBytes;
        // Two clients of two buffers per request: at most 4 buffers, so 4 slabs, are in use.
        assertThat(reclaim.getSlabsFreed()).isGreaterThanOrEqualTo(burstSlabs - 4);
        assertThat(after.get("slabBytes").getAsLong())
            .isLessThan(before.get("slabBytes").getAsLong());
        assertThat(before.get("residentBytes").getAsLong() - after.get("residentBytes").getAsLong())
            .as("resident memory given back, of %d bytes of slabs freed", freedBytes)
            .isGreaterThan(freedBytes / 2);
        if (Runtime.version().feature() < 22) {
          assertThat(used(before) - used(after)).as("direct buffer pool bytes given back")
              .isGreaterThan(freedBytes / 2);
        } else {
          assertThat(after.get("payloadMemory").getAsString()).contains("FFM arenas");
        }
        service.await("reclaim freed " + reclaim.getSlabsFreed() + " slabs", ChildJvm.patience());
      }
    }
  }

  /** Echoes a body; returns what is wrong with the answer, or {@code null}. */
  private static String echoMismatch(TestHttp http, byte[] body, String crc) {
    HttpResponse<byte[]> r = http.post("echo", body);
    if (r.statusCode() != 200) {
      return "echo of " + body.length + " bytes answered " + r.statusCode() + ": "
          + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
    if (!Arrays.equals(r.body(), body)) {
      return "echo of " + body.length + " bytes answered " + r.body().length
          + " different bytes";
    }
    String answered = r.headers().firstValue("X-CRC32C").orElse(null);
    return crc.equals(answered) ? null : "checksum " + answered + ", expected " + crc;
  }

  private static long used(JsonObject memory) {
    return memory.getAsJsonObject("directPool").get("usedBytes").getAsLong();
  }
}
