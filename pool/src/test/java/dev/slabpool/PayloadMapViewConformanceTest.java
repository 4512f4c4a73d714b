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
 * {@code PayloadCache.asMap()} against Guava testlib's {@code ConcurrentMapTestSuiteBuilder}, as
 * {@link MapViewConformanceTest} runs it on the keyed cache's view. The values are strings
 * through the UTF-8 codec (the suite compares values by {@code equals}, which a decoded
 * {@code byte[]} never is); each map is a fresh cache of 1 KiB slabs and 64-byte smallest slots,
 * so the suite's values share slabs whose freed slots are reused as it adds and removes.
 */
public class PayloadMapViewConformanceTest extends TestCase {

  /** The suite: general-purpose, iterator removal, any size; no nulls, like ConcurrentHashMap. */
  public static Test suite() {
    return ConcurrentMapTestSuiteBuilder.using(new TestStringMapGenerator() {
          @Override
          protected Map<String, String> create(Map.Entry<String, String>[] entries) {
            PayloadCache<String, String> cache = PayloadCache.<String, String>builder(
                    "payload-mapview", ValueCodec.utf8())
                .registered(false).slabSize(1024).arenas(1).build();
            Map<String, String> view = cache.asMap();
            for (Map.Entry<String, String> e : entries) {
              view.put(e.getKey(), e.getValue());
            }
            return view;
          }
        })
        .named("PayloadCache.asMap")
        .withFeatures(MapFeature.GENERAL_PURPOSE, CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
            CollectionSize.ANY)
        .createTestSuite();
  }
}
