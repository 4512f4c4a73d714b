package dev.slabpool.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.ReclaimPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact text of the replay's JSON lines ({@link PolicyResult#toJson}). */
class JsonTest {
  @Test
  void writesEveryFieldInOrderOnOneLineWithJavaNumberFormats() {
    String json = new PolicyResult("small", ReclaimPolicy.SLAB, 20_000, 24, 16, 4, 24, 6, 6, 96,
        96, 1.0, 0.09375, 384, 0.5, 0.4895833333333333, 0.5105, 1.0E-4, 0.75)
        .toJson(ReplayConfig.DEFAULTS);

    assertThat(json).isEqualTo("{\"trace\":\"small\",\"policy\":\"slab\",\"placement\":\"lru\","
        + "\"accesses\":20000,\"objectsPerSlab\":16,\"cacheSlabs\":24,\"shrinkFraction\":0.25,"
        + "\"pinnedFraction\":0.01,\"pinned\":4,\"slabsBefore\":24,\"slabsRequested\":6,"
        + "\"slabsFreed\":6,\"objectsEvicted\":96,\"evictedPerFreedSlab\":16.0,"
        + "\"optimumEvicted\":96,\"efficiency\":1.0,\"densityBefore\":1.0,"
        + "\"densityAfter\":0.09375,\"afterWindow\":384,\"hitRatioAfterShrink\":0.5,"
        + "\"steadyWindowHitRatio\":0.4895833333333333,\"hitRatioRestAfterShrink\":0.5105,"
        + "\"steadyHitRatio\":1.0E-4,\"optHitRatio\":0.75}");
  }

  @Test
  void writesUndefinedNumbersAsNull() {
    ReplayConfig config = new ReplayConfig(4, 8, 0.25, 0.5, 0.0, Placement.SLAB, 0, 0, 0.5,
        List.of(ReclaimPolicy.LRU));
    String json = new PolicyResult("small", ReclaimPolicy.LRU, 100, 2, 4, 1, 2, 1, 0, 1, -1,
        Double.NaN, Double.POSITIVE_INFINITY, 0, Double.NaN, Double.NEGATIVE_INFINITY, 0.0, 0.0,
        Double.NaN)
        .toJson(config);

    assertThat(json).isEqualTo("{\"trace\":\"small\",\"policy\":\"lru\",\"placement\":\"slab\","
        + "\"accesses\":100,\"objectsPerSlab\":4,\"cacheSlabs\":2,\"shrinkFraction\":0.5,"
        + "\"pinnedFraction\":0.0,\"pinned\":1,\"slabsBefore\":2,\"slabsRequested\":1,"
        + "\"slabsFreed\":0,\"objectsEvicted\":1,\"evictedPerFreedSlab\":null,"
        + "\"optimumEvicted\":null,\"efficiency\":null,\"densityBefore\":null,"
        + "\"densityAfter\":null,\"afterWindow\":0,\"hitRatioAfterShrink\":null,"
        + "\"steadyWindowHitRatio\":null,\"hitRatioRestAfterShrink\":0.0,\"steadyHitRatio\":0.0,"
        + "\"optHitRatio\":null}");
  }

  @Test
  void escapesTheTraceNameForJsonButNotForHtml() {
    String json = new PolicyResult("a\"b\\c\n\t\u0001 <a href='x'>&=</a> é",
        ReclaimPolicy.CAFFEINE, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1.0, 0.0, 1, 1.0, 1.0, 1.0, 1.0, 1.0)
        .toJson(ReplayConfig.DEFAULTS);

    assertThat(json).startsWith(
        "{\"trace\":\"a\\\"b\\\\c\\n\\t\\u0001 <a href='x'>&=</a> é\",\"policy\":\"caffeine\",");
  }
}
