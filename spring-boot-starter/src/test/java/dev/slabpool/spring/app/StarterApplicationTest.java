package dev.slabpool.spring.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slabpool.KeyedCache;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.jmx.pressure.MemoryPressure;
import dev.slabpool.spring.cache.SlabpoolCacheManager;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;

/**
 * The starter in a real Spring Boot application on a random port: {@code @Cacheable} over a
 * slabpool keyed cache, its hits in the actuator's metrics over HTTP on loopback, and a reclaim
 * through the cache's MBean, seen by the application and in the metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.endpoints.web.exposure.include=metrics",
    "server.address=127.0.0.1",
    // The slab policy frees the one slab of the cache on a reclaim of one page.
    "slabpool.cache.specs.books.policy=slab",
    "slabpool.cache.specs.books.capacity=64",
    "slabpool.cache.specs.books.objects-per-slab=8",
    // A bad value: warned about and skipped, the application runs.
    "slabpool.pressure.fraction=lots"})
class StarterApplicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort
  int port;
  @Autowired
  BookApplication.Books books;
  @Autowired
  CacheManager cacheManager;

  private final HttpClient http = HttpClient.newHttpClient();

  private double metric(String name, String... tags) throws Exception {
    StringBuilder query = new StringBuilder();
    for (String tag : tags) {
      query.append(query.length() == 0 ? "?" : "&").append("tag=").append(tag);
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/actuator/metrics/" + name + query);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", uri, r.body()).isEqualTo(200);
    JsonNode measurements = JSON.readTree(r.body()).get("measurements");
    assertThat(measurements).as(r.body()).hasSize(1);
    return measurements.get(0).get("value").asDouble();
  }

  @Test
  void cachesThroughSlabpoolReportsOverHttpAndReclaimsThroughJmx() throws Exception {
    assertThat(cacheManager).isInstanceOf(SlabpoolCacheManager.class);
    assertThat(SlabpoolJmx.install().pressure().fraction())
        .as("slabpool.pressure.fraction=lots skipped").isEqualTo(MemoryPressure.DEFAULT_FRACTION);

    assertThat(books.title("978-0")).isEqualTo("Title of 978-0");
    assertThat(books.title("978-0")).isEqualTo("Title of 978-0");
    assertThat(books.invocations()).isEqualTo(1); // one miss, then one hit

    @SuppressWarnings("unchecked")
    KeyedCache<Object, Object> nativeCache =
        (KeyedCache<Object, Object>) cacheManager.getCache("books").getNativeCache();
    assertThat(nativeCache.hitCount()).isEqualTo(1);
    assertThat(nativeCache.missCount()).isEqualTo(1);
    assertThat(nativeCache.memoryCap()).isEqualTo(8); // 64 entries, 8 per slab
    assertThat(metric("cache.gets", "result:hit", "cache:books")).isEqualTo(1);
    assertThat(metric("cache.gets", "result:miss", "cache:books")).isEqualTo(1);
    assertThat(metric("cache.puts", "cache:books")).isEqualTo(1);
    assertThat(metric("slabpool.reclaims", "cache:books")).isZero();

    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = SlabpoolJmx.cacheObjectName("books");
    assertThat(name).isEqualTo(new ObjectName("dev.slabpool:type=SlabCache,name=books"));
    CompositeData reclaimed = (CompositeData) server.invoke(name, "reclaim",
        new Object[] {1L}, new String[] {long.class.getName()});
    assertThat(reclaimed.get("slabsFreed")).isEqualTo(1L);
    assertThat(reclaimed.get("objectsFreed")).isEqualTo(1L);

    assertThat(nativeCache.size()).isZero();
    assertThat(metric("slabpool.reclaims", "cache:books")).isEqualTo(1);
    assertThat(metric("cache.evictions", "cache:books")).isEqualTo(1);
    assertThat(metric("cache.size", "cache:books")).isZero();
    assertThat(books.title("978-0")).isEqualTo("Title of 978-0");
    assertThat(books.invocations()).as("evicted by the reclaim: invoked again").isEqualTo(2);
    assertThat(metric("cache.gets", "result:miss", "cache:books")).isEqualTo(2);
  }
}
