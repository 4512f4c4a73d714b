package dev.slabpool.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slabpool.KeyedCache;
import dev.slabpool.ReclaimPolicy;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.jmx.micrometer.SlabpoolMetrics;
import dev.slabpool.jmx.pressure.MemoryPressure;
import dev.slabpool.spring.cache.CacheSpec;
import dev.slabpool.spring.cache.SlabpoolCacheManager;
import dev.slabpool.spring.config.SlabpoolSettings;
import dev.slabpool.spring.config.SlabpoolSetup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configurations in application contexts made for each case. */
@ExtendWith(OutputCaptureExtension.class)
class SlabpoolAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SlabpoolAutoConfiguration.class,
          SlabpoolMetricsAutoConfiguration.class, SlabpoolCacheAutoConfiguration.class,
          CacheAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Caching {}

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class OwnCacheManager {
    @Bean
    CacheManager cacheManager() {
      return new ConcurrentMapCacheManager();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    MeterRegistry registry() {
      return new SimpleMeterRegistry();
    }
  }

  @AfterEach
  void defaults() {
    MemoryPressure pressure = SlabpoolJmx.install().pressure();
    pressure.fraction(MemoryPressure.DEFAULT_FRACTION);
    pressure.minIntervalMillis(MemoryPressure.DEFAULT_MIN_INTERVAL_MILLIS);
  }

  @Test
  void registersTheMBeansAndAppliesThePressureSettings() {
    runner.withPropertyValues("slabpool.pressure.fraction=0.5",
        "slabpool.pressure.min-interval-millis=1234").run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(SlabpoolSetup.class);
          assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(SlabpoolJmx.ALLOCATOR))
              .isTrue();
          MemoryPressure pressure = context.getBean(SlabpoolSetup.class).pressure().orElseThrow();
          assertThat(pressure.fraction()).isEqualTo(0.5);
          assertThat(pressure.minIntervalMillis()).isEqualTo(1234);
        });
  }

  @Test
  void aBadValueIsWarnedAboutByNameAndTheDefaultKept(CapturedOutput output) {
    runner.withUserConfiguration(Caching.class).withPropertyValues(
        "slabpool.pressure.fraction=lots", "slabpool.pressure.threshold=1.5",
        "slabpool.policy=fifo", "slabpool.jmx=maybe", "slabpool.cache.capacity=-3",
        "slabpool.cache.objects-per-slab=many", "slabpool.cache.specs.bad.policy=mru",
        "slabpool.cache.allow-null-values=perhaps").run(context -> {
          assertThat(context).hasNotFailed();
          SlabpoolSettings settings = context.getBean(SlabpoolSettings.class);
          assertThat(settings.pressureFraction()).isNull();
          assertThat(settings.pressureThreshold()).isNull();
          assertThat(settings.policy()).isNull();
          assertThat(settings.allowNullValues()).isTrue();
          assertThat(settings.cacheSpec("any")).isEqualTo(CacheSpec.DEFAULT);
          assertThat(settings.cacheSpec("bad")).isEqualTo(CacheSpec.DEFAULT);
          assertThat(context.getBean(SlabpoolSetup.class).pressure().orElseThrow().fraction())
              .isEqualTo(MemoryPressure.DEFAULT_FRACTION);
          assertThat(context).hasSingleBean(SlabpoolCacheManager.class);
        });
    assertThat(output.getOut() + output.getErr())
        .contains("ignored bad value 'lots' for slabpool.pressure.fraction")
        .contains("ignored bad value '1.5' for slabpool.pressure.threshold")
        .contains("ignored bad value 'fifo' for slabpool.policy")
        .contains("ignored bad value 'maybe' for slabpool.jmx")
        .contains("ignored bad value '-3' for slabpool.cache.capacity")
        .contains("ignored bad value 'many' for slabpool.cache.objects-per-slab")
        .contains("ignored bad value 'mru' for slabpool.cache.specs.bad.policy")
        .contains("ignored bad value 'perhaps' for slabpool.cache.allow-null-values")
        .contains("using '0.25'", "using '10000'", "using 'hot'");
  }

  @Test
  void theCacheManagerBuildsEachCacheAsItsSpecSays() {
    runner.withUserConfiguration(Caching.class).withPropertyValues(
        "slabpool.cache.names=ac-eager", "slabpool.cache.capacity=100",
        "slabpool.cache.objects-per-slab=10", "slabpool.cache.specs.ac-small.capacity=5",
        "slabpool.cache.specs.ac-small.policy=lru").run(context -> {
          CacheManager manager = context.getBean(CacheManager.class);
          assertThat(manager).isInstanceOf(SlabpoolCacheManager.class);
          assertThat(manager.getCacheNames()).containsExactly("ac-eager");
          KeyedCache<?, ?> eager = (KeyedCache<?, ?>) manager.getCache("ac-eager")
              .getNativeCache();
          assertThat(eager.memoryCap()).isEqualTo(10);
          assertThat(eager.policy()).isEqualTo(ReclaimPolicy.HOT);
          KeyedCache<?, ?> small = (KeyedCache<?, ?>) manager.getCache("ac-small")
              .getNativeCache();
          assertThat(small.memoryCap()).isEqualTo(1); // 5 entries fit one slab of 10
          assertThat(small.policy()).isEqualTo(ReclaimPolicy.LRU);
          assertThat(small.hitCount()).as("statistics recorded").isZero();
        });
    // Closing the context destroyed the caches: the names are free again.
    KeyedCache.builder("ac-small").build().destroy();
  }

  @Test
  void backsOffWithoutCachingOrWithTheApplicationsOwnCacheManager() {
    runner.run(context -> assertThat(context).doesNotHaveBean(CacheManager.class));
    runner.withUserConfiguration(OwnCacheManager.class).run(context -> assertThat(context)
        .getBean(CacheManager.class).isInstanceOf(ConcurrentMapCacheManager.class));
    runner.withUserConfiguration(Caching.class).withPropertyValues("slabpool.cache.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SlabpoolCacheManager.class));
  }

  @Test
  void theDefaultPolicyIsSetOnEveryKeyedCacheWhileTheContextRuns() {
    runner.withPropertyValues("slabpool.policy=lru").run(context -> {
      KeyedCache<String, String> c = KeyedCache.<String, String>builder("ac-policy").build();
      try {
        assertThat(c.policy()).isEqualTo(ReclaimPolicy.LRU);
      } finally {
        c.destroy();
      }
    });
    KeyedCache<String, String> after = KeyedCache.<String, String>builder("ac-policy").build();
    try {
      assertThat(after.policy()).as("stopped with the context").isEqualTo(ReclaimPolicy.HOT);
    } finally {
      after.destroy();
    }
  }

  @Test
  void noMBeansWithJmxNone() {
    runner.withPropertyValues("slabpool.jmx=none", "slabpool.pressure.fraction=0.5")
        .run(context -> {
          SlabpoolSetup setup = context.getBean(SlabpoolSetup.class);
          assertThat(setup.jmx()).isEmpty();
          assertThat(setup.pressure().orElseThrow().fraction()).isEqualTo(0.5);
          assertThat(SlabpoolJmx.install().pressure().fraction())
              .isEqualTo(MemoryPressure.DEFAULT_FRACTION);
        });
  }

  @Test
  void bindsTheMetersWithActuator() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
        .run(context -> assertMetersBound(context.getBean(MeterRegistry.class), "ac-actuator"));
  }

  @Test
  void bindsTheMetersToARegistryBeanWithoutActuator() {
    runner.withClassLoader(new FilteredClassLoader(MetricsAutoConfiguration.class))
        .withUserConfiguration(Registry.class)
        .run(context -> assertMetersBound(context.getBean(MeterRegistry.class), "ac-plain"));
  }

  @Test
  void noMetersWithoutARegistry() {
    runner.run(context -> assertThat(context).doesNotHaveBean(SlabpoolMetrics.class));
  }

  @Test
  void theConfigurationMetadataDescribesEveryPropertyWithDefaultsAndHints() throws Exception {
    JsonNode ours = null;
    for (URL url : Collections.list(getClass().getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      JsonNode metadata = new ObjectMapper().readTree(url);
      if (metadata.get("groups").findValuesAsText("name").contains("slabpool")) {
        ours = metadata;
      }
    }
    assertThat(ours).as("the starter's metadata").isNotNull();
    Map<String, JsonNode> properties = new HashMap<>();
    ours.get("properties").forEach(p -> properties.put(p.get("name").asText(), p));
    assertThat(properties).containsKeys("slabpool.jmx", "slabpool.policy",
        "slabpool.pressure.threshold", "slabpool.pressure.fraction",
        "slabpool.pressure.min-interval-millis", "slabpool.cache.capacity",
        "slabpool.cache.objects-per-slab", "slabpool.cache.policy", "slabpool.cache.specs");
    assertThat(properties.get("slabpool.pressure.fraction").get("defaultValue").asText())
        .isEqualTo(String.valueOf(MemoryPressure.DEFAULT_FRACTION));
    assertThat(properties.get("slabpool.pressure.threshold").get("description").asText())
        .contains("tenured");
    List<String> policies = new ArrayList<>();
    ours.get("hints").forEach(h -> {
      if (h.get("name").asText().equals("slabpool.policy")) {
        h.get("values").forEach(v -> policies.add(v.get("value").asText()));
      }
    });
    assertThat(policies).containsExactlyInAnyOrder(
        Arrays.stream(ReclaimPolicy.values()).map(ReclaimPolicy::id).toArray(String[]::new));
  }

  private static void assertMetersBound(MeterRegistry registry, String name) {
    KeyedCache<String, String> c = KeyedCache.<String, String>builder(name).recordStats().build();
    try {
      c.put("k", "v");
      assertThat(registry.get("cache.puts").tag("cache", name).functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.get("slabpool.cache.slabs").tags("cache", name, "state", "partial")
          .gauge().value()).isEqualTo(1);
    } finally {
      c.destroy();
    }
  }
}
