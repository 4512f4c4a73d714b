package dev.slabpool.examples.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slabpool.examples.TestHttp;
import dev.slabpool.jmx.KeyedCacheMXBean;
import dev.slabpool.jmx.ReclaimInfo;
import dev.slabpool.jmx.SlabAllocatorMXBean;
import dev.slabpool.jmx.SlabCacheMXBean;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet view as operators run it: a JVM with slabpool caches and the real Prometheus JMX
 * exporter agent (the pinned {@code io.prometheus.jmx:jmx_prometheus_javaagent}) using
 * {@code docs/operators/slabpool-jmx-exporter.yaml}, bound to a free port on loopback, scraped
 * over HTTP; the caches read at the same time through JMX. And the Grafana dashboard of
 * {@code docs/operators}, which may query only what these rules produce.
 */
class FleetViewIT {
  private static final Path OPERATORS = Path.of(System.getProperty("slabpool.operators.dir"));
  private static final String SLAB = "fleet-slab";
  private static final String KEYED = "fleet-keyed";
  /** Labels Prometheus adds to every series it scrapes: not the rules' to produce. */
  private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

  private static ChildJvm host;
  private static JMXConnector jmx;
  private static MBeanServerConnection mbeans;
  private static TestHttp exporter;

  @BeforeAll
  static void startTheServiceWithTheExporter() throws IOException {
    Path agent = Path.of(System.getProperty("jmx.exporter.agent.jar"));
    Path rules = OPERATORS.resolve("slabpool-jmx-exporter.yaml");
    assertThat(agent).as("the exporter agent, copied by the build").isRegularFile();
    int port = freeLoopbackPort();
    // The agent binds its HTTP server in premain, before main prints READY.
    host = ChildJvm.java(FleetHost.class.getName())
        .jvmArgs("-javaagent:" + agent + "=127.0.0.1:" + port + ":" + rules)
        .name("fleet-host").start();
    host.awaitReady(ChildJvm.patience());
    host.ask("slab " + SLAB + " 10 2", "BUILT " + SLAB, ChildJvm.patience());
    host.ask("keyed " + KEYED + " 40", "BUILT " + KEYED, ChildJvm.patience());
    jmx = LocalJmx.connect(host.pid());
    mbeans = jmx.getMBeanServerConnection();
    exporter = new TestHttp(URI.create("http://127.0.0.1:" + port + "/"));
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (jmx != null) {
        jmx.close();
      }
    } finally {
      if (host != null) {
        host.close();
      }
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Scrape scrape() {
    HttpResponse<String> r = exporter.get("metrics");
    assertThat(r.statusCode()).as("GET /metrics: %s", r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    return new Scrape(r.body());
  }

  private static <T> T proxy(String cache, Class<T> type) {
    return JMX.newMXBeanProxy(mbeans, SlabpoolJmx.cacheObjectName(cache), type);
  }

  @Test
  void theSeriesHaveTheCacheLabelAndTheValuesOfTheMBeans() {
    SlabCacheMXBean slab = proxy(SLAB, SlabCacheMXBean.class);
    KeyedCacheMXBean keyed = proxy(KEYED, KeyedCacheMXBean.class);
    SlabAllocatorMXBean allocator =
        JMX.newMXBeanProxy(mbeans, SlabpoolJmx.ALLOCATOR, SlabAllocatorMXBean.class);

    Scrape before = scrape();
    long slabBytes = (long) slab.getObjectsPerSlab() * slab.getObjectSize();
    assertThat(slab.getTotalSlabs()).isEqualTo(10);
    assertThat(before.value("slabpool_cache_bytes", "cache", SLAB))
        .isEqualTo(10 * slabBytes).isEqualTo(slab.getBytesHeld());
    assertThat(before.value("slabpool_cache_slabs", "cache", SLAB, "state", "total"))
        .isEqualTo(10);
    assertThat(before.value("slabpool_cache_slabs", "cache", SLAB, "state", "full"))
        .isEqualTo(slab.getFullSlabs());
    assertThat(before.value("slabpool_cache_objects", "cache", SLAB, "state", "pinned"))
        .isEqualTo(2).isEqualTo(slab.getPinnedObjects());
    assertThat(before.value("slabpool_cache_objects", "cache", SLAB, "state", "active"))
        .isEqualTo(slab.getActiveObjects());
    assertThat(before.value("slabpool_cache_density", "cache", SLAB)).isEqualTo(1.0);
    assertThat(before.value("slabpool_cache_reclaimed_slabs_total", "cache", SLAB)).isZero();
    assertThat(before.value("slabpool_cache_policy", "cache", SLAB, "policy", "slab"))
        .isEqualTo(1);

    ReclaimInfo reclaim = slab.reclaim(3);
    assertThat(reclaim.getSlabsFreed()).isEqualTo(3);

    Scrape after = scrape();
    assertThat(after.value("slabpool_cache_reclaimed_slabs_total", "cache", SLAB))
        .isEqualTo(3).isEqualTo(slab.getSlabsReclaimed());
    assertThat(after.value("slabpool_cache_reclaimed_objects_total", "cache", SLAB))
        .isEqualTo(reclaim.getObjectsFreed()).isEqualTo(slab.getObjectsReclaimed());
    assertThat(after.value("slabpool_cache_bytes", "cache", SLAB))
        .isEqualTo(7 * slabBytes).isEqualTo(slab.getBytesHeld());
    assertThat(after.value("slabpool_cache_slabs", "cache", SLAB, "state", "total"))
        .isEqualTo(7).isEqualTo(slab.getTotalSlabs());
    assertThat(after.value("slabpool_cache_density", "cache", SLAB))
        .isEqualTo(slab.getDensity());
    assertThat(after.value("slabpool_cache_requested_bytes", "cache", SLAB))
        .as("a cache whose slots hold no values").isEqualTo(-1)
        .isEqualTo(slab.getRequestedBytes());

    // Hits and misses: the keyed cache counts them (40 loads, then 40 hits); the plain one has
    // none.
    assertThat(after.value("slabpool_cache_hits_total", "cache", KEYED))
        .isEqualTo(40).isEqualTo(keyed.getHitCount());
    assertThat(after.value("slabpool_cache_misses_total", "cache", KEYED))
        .isEqualTo(40).isEqualTo(keyed.getMissCount());
    assertThat(after.series("slabpool_cache_hits_total"))
        .allSatisfy(s -> assertThat(s.labels()).doesNotContainEntry("cache", SLAB));
    assertThat(after.value("slabpool_cache_policy", "cache", KEYED, "policy", keyed.getPolicy()))
        .isEqualTo(1);
    assertThat(after.value("slabpool_cache_bytes", "cache", KEYED))
        .isEqualTo(keyed.getBytesHeld());

    assertThat(after.value("slabpool_allocator_bytes")).isEqualTo(allocator.getTotalBytesHeld());
    assertThat(after.value("slabpool_allocator_slabs")).isEqualTo(allocator.getTotalSlabs());
    assertThat(after.value("slabpool_pressure_reclaims_total")).isZero();

    // Every cache series names its cache; every _total is a counter, every other one a gauge.
    for (String name : after.names()) {
      if (!name.startsWith("slabpool_")) {
        continue;
      }
      assertThat(after.type(name)).as("type of %s", name)
          .isEqualTo(name.endsWith("_total") ? "counter" : "gauge");
      if (name.startsWith("slabpool_cache_")) {
        assertThat(after.series(name)).as(name).extracting(s -> s.labels().get("cache"))
            .isNotEmpty().isSubsetOf(SLAB, KEYED);
      }
    }
  }

  /** A selector of a slabpool metric in a PromQL expression, and its label matchers. */
  private static final Pattern SELECTOR = Pattern.compile("\\b(slabpool_\\w+)(?:\\{([^}]*)\\})?");
  private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
  private static final Pattern WORDS = Pattern.compile("[a-z_]+(\\|[a-z_]+)*");

  @Test
  void theDashboardQueriesOnlySeriesTheRulesProduce() throws IOException {
    JsonObject dashboard = JsonParser.parseString(
        Files.readString(OPERATORS.resolve("slabpool-grafana.json"))).getAsJsonObject();
    JsonArray inputs = dashboard.getAsJsonArray("__inputs");
    assertThat(inputs).singleElement().satisfies(i -> {
      assertThat(i.getAsJsonObject().get("name").getAsString()).isEqualTo("DS_PROMETHEUS");
      assertThat(i.getAsJsonObject().get("pluginId").getAsString()).isEqualTo("prometheus");
    });

    List<String> queries = new ArrayList<>();
    for (JsonElement p : dashboard.getAsJsonArray("panels")) {
      JsonObject panel = p.getAsJsonObject();
      assertThat(datasource(panel)).as(title(panel)).isEqualTo("${DS_PROMETHEUS}");
      JsonArray targets = panel.getAsJsonArray("targets");
      assertThat(targets).as("queries of %s", title(panel)).isNotEmpty();
      for (JsonElement t : targets) {
        assertThat(datasource(t.getAsJsonObject())).isEqualTo("${DS_PROMETHEUS}");
        queries.add(t.getAsJsonObject().get("expr").getAsString());
      }
    }
    for (JsonElement v : dashboard.getAsJsonObject("templating").getAsJsonArray("list")) {
      assertThat(datasource(v.getAsJsonObject())).isEqualTo("${DS_PROMETHEUS}");
      queries.add(v.getAsJsonObject().getAsJsonObject("query").get("query").getAsString());
    }

    Scrape scraped = scrape();
    Map<String, Set<String>> queried = new HashMap<>();
    for (String query : queries) {
      Matcher selector = SELECTOR.matcher(query);
      assertThat(selector.find()).as("a slabpool metric in %s", query).isTrue();
      do {
        String metric = selector.group(1);
        List<Scrape.Sample> series = scraped.series(metric);
        assertThat(series).as("series of %s, queried by %s", metric, query).isNotEmpty();
        queried.computeIfAbsent(metric, m -> new HashSet<>()).add(query);
        Matcher m = MATCHER.matcher(selector.group(2) == null ? "" : selector.group(2));
        while (m.find()) {
          String label = m.group(1);
          if (TARGET_LABELS.contains(label)) {
            continue;
          }
          assertThat(series).as("%s with label %s, queried by %s", metric, label, query)
              .anySatisfy(s -> assertThat(s.labels()).containsKey(label));
          // A literal value, or alternatives of literal words: each must be a scraped value.
          if (!m.group(3).contains("$") && WORDS.matcher(m.group(3)).matches()) {
            for (String value : m.group(3).split("\\|")) {
              assertThat(series).as("%s{%s=\"%s\"}, queried by %s", metric, label, value, query)
                  .anySatisfy(s -> assertThat(s.labels()).containsEntry(label, value));
            }
          }
        }
      } while (selector.find());
    }
    // The panels the issue asks for: density, bytes held, reclaim rate, pinned objects, hit ratio.
    assertThat(queried).containsKeys("slabpool_cache_density", "slabpool_cache_bytes",
        "slabpool_cache_objects", "slabpool_cache_hits_total", "slabpool_cache_misses_total");
    assertThat(queried.get("slabpool_cache_reclaimed_slabs_total"))
        .anySatisfy(q -> assertThat(q).startsWith("rate("));
    assertThat(queried.get("slabpool_cache_objects"))
        .anySatisfy(q -> assertThat(q).contains("state=\"pinned\""));
  }

  private static String datasource(JsonObject o) {
    return o.getAsJsonObject("datasource").get("uid").getAsString();
  }

  private static String title(JsonObject panel) {
    return panel.get("title").getAsString();
  }
}
