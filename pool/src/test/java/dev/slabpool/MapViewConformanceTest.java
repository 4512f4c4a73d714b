package dev.slabpool;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import java.util.Map;
import junit.framework.Test;
import junit.framework.TestCase;

/**
 * The {@code asMap()} view against Guava testlib's {@code ConcurrentMapTestSuiteBuilder}: the
 * same conformance suite Guava runs on {@code ConcurrentHashMap} (a JUnit 3 suite, run by the
 * JUnit vintage engine). Each map is a fresh keyed cache of small slabs, so entries are spread
 * over several slabs and freed slots are reused as the suite adds and removes.
 */
public class MapViewConformanceTest extends TestCase {

  /** The suite: general-purpose, iterator removal, any size; no nulls, like ConcurrentHashMap. */
  public static Test suite() {
    return ConcurrentMapTestSuiteBuilder.using(new TestStringMapGenerator() {
          @Override
          protected Map<String, String> create(Map.Entry<String, String>[] entries) {
            KeyedCache<String, String> cache = KeyedCache.<String, String>builder("mapview")
                .registered(false).objectsPerSlab(2).arenas(1).build();
            Map<String, String> view = cache.asMap();
            for (Map.Entry<String, String> e : entries) {
              view.put(e.getKey(), e.getValue());
            }
            return view;
          }
        })
        .named("KeyedCache.asMap")
        .withFeatures(MapFeature.GENERAL_PURPOSE, CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
            CollectionSize.ANY)
        .createTestSuite();
  }
}
