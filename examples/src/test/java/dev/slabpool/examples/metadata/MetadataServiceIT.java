package dev.slabpool.examples.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.slabpool.examples.Load;
import dev.slabpool.examples.TestHttp;
import dev.slabpool.jmx.ReclaimInfo;
import dev.slabpool.jmx.SlabCacheMXBean;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata service as a real process with the slabpool agent, loaded from several client
 * threads on loopback while an operator reclaims over JMX: slabs and bytes drop, every answer
 * stays what the file system says, and no request fails.
 */
class MetadataServiceIT {
  private static final String CACHE = "metadata";
  /** 64 slabs of 16 entries: the tree's 2000-odd paths do not fit, so the cap reclaims too. */
  private static final int CAP_SLABS = 64;

  @TempDir
  Path tree;

  @Test
  void reclaimOverJmxUnderLoadFreesSlabsAndEveryAnswerStaysRight() throws Exception {
    TreeTruth.generate(tree, 40, 50);
    TreeTruth truth = TreeTruth.read(tree);
    List<String> keys = truth.keys();
    List<String> hot = keys.subList(0, 160);

    try (ChildJvm service = ChildJvm.java(MetadataService.class.getName())
        .jvmArgs("-javaagent:" + System.getProperty("slabpool.agent.jar"))
        .args("--tree", tree.toString(), "--memory-cap",
            Long.toString((long) CAP_SLABS * 16 * MetadataService.ENTRY_SIZE))
        .name("metadata-service").start()) {
      URI uri = URI.create(service.await(Pattern.compile("listening on (http://\\S+)"),
          ChildJvm.patience()));
      try (JMXConnector jmx = LocalJmx.connect(service.pid())) {
        TestHttp http = new TestHttp(uri);
        MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
        assertThat(mbeans.isRegistered(new ObjectName("dev.slabpool:type=PinTracer")))
            .as("the agent is loaded").isTrue();
        SlabCacheMXBean cache = JMX.newMXBeanProxy(mbeans, SlabpoolJmx.cacheObjectName(CACHE),
            SlabCacheMXBean.class);

        // Phase 1: the whole tree, lookups and listings, by 4 clients: more than the cap holds.
        Load walk = Load.start(4, (client, i) -> {
          if (i >= keys.size()) {
            return Load.DONE;
          }
          String key = keys.get((int) i);
          return truth.expected(key).type().equals("directory") && i % 2 == 0
              ? truth.listMismatch(key, json(http.get(TestHttp.withPath("list", key))))
              : truth.mismatch(key, json(http.get(TestHttp.withPath("meta", key))));
        });
        walk.awaitDone();
        assertThat(walk.failures()).isEmpty();
        assertThat(cache.getTotalSlabs()).isLessThanOrEqualTo(CAP_SLABS);
        assertThat(cache.getSlabsReclaimed()).as("reclaims at the memory cap").isPositive();

        // Phase 2: clients keep looking up a hot set while the operator reclaims half the slabs.
        Load busy = Load.start(4, (client, i) -> {
          String key = hot.get((int) ((i * 7 + client) % hot.size()));
          return truth.mismatch(key, json(http.get(TestHttp.withPath("meta", key))));
        });
        busy.awaitRequests(400);
        long slabsBefore = cache.getTotalSlabs();
        long bytesBefore = cache.getBytesHeld();
        ReclaimInfo reclaim = cache.reclaim(slabsBefore / 2);
        long slabsAfter = cache.getTotalSlabs();
        long bytesAfter = cache.getBytesHeld();
        long requestsAtReclaim = busy.requests();
        busy.awaitRequests(requestsAtReclaim + 400);
        busy.stop();
        System.out.printf("phase 1: %d requests; phase 2: %d requests, reclaim(%d) freed %d slabs"
                + " (%d objects): slabs %d -> %d, bytes %d -> %d%n", walk.requests(),
            busy.requests(), slabsBefore / 2, reclaim.getSlabsFreed(), reclaim.getObjectsFreed(),
            slabsBefore, slabsAfter, bytesBefore, bytesAfter);

        assertThat(busy.failures()).isEmpty();
        assertThat(reclaim.getPolicy()).isEqualTo("hot");
        assertThat(reclaim.getSlabsFreed()).isPositive();
        // Slabs the hot set reloads into after the reclaim may come back, but far fewer.
        assertThat(slabsAfter).isLessThan(slabsBefore);
        assertThat(bytesAfter).isLessThan(bytesBefore);
        assertThat(reclaim.getObjectsFreed()).isPositive();
        assertThat(walk.requests() + busy.requests()).isGreaterThan(keys.size() + 800);
      }
    }
  }

  private static com.google.gson.JsonObject json(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new AssertionError(r.statusCode() + " " + r.body());
    }
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }
}
