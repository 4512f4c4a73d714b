package dev.slabpool.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slabpool.agent.cli.JvmSurvey.Found;
import dev.slabpool.agent.cli.JvmSurvey.Skipped;
import dev.slabpool.agent.cli.JvmSurvey.Survey;
import dev.slabpool.agent.cli.Rates.Rate;
import dev.slabpool.jmx.client.Reclaimed;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;

/**
 * The {@code --json} shapes that agent/README.md documents, written by {@link Json} and read
 * back by Gson: the field names, in order, and numbers as JSON numbers.
 */
class JsonShapesTest {
  static final List<String> CACHE_FIELDS = List.of("name", "kind", "policy", "reclaimable",
      "objects", "activeObjects", "density", "objectSize", "slabs", "partialSlabs",
      "objectsPerSlab", "bytes", "requestedBytes", "pinnedObjects", "slabsReclaimed",
      "objectsReclaimed");

  private static final CacheRow SESSIONS = new CacheRow("sessions", true, true, "hot", 256, 192,
      0.75, 64, 16, 4, 16, 16384, -1, 2, 3, 48);

  static JsonObject parse(Object shape) {
    return JsonParser.parseString(Json.write(shape)).getAsJsonObject();
  }

  private static boolean isNumber(JsonElement e) {
    return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
  }

  @Test
  void aCacheHasItsFieldsInOrderWithNumbersAsNumbers() {
    JsonObject c = parse(JsonShapes.cache(SESSIONS));
    assertThat(c.keySet()).containsExactlyElementsOf(CACHE_FIELDS);
    assertThat(c.get("kind").getAsString()).isEqualTo("keyed");
    assertThat(c.get("reclaimable").getAsBoolean()).isTrue();
    assertThat(c.get("density").getAsDouble()).isEqualTo(0.75);
    assertThat(c.get("objectsReclaimed").getAsLong()).isEqualTo(48);
    assertThat(c.get("requestedBytes").isJsonNull()).as("a cache whose slots hold no values")
        .isTrue();
    for (String f : List.of("objects", "activeObjects", "density", "objectSize", "slabs",
        "partialSlabs", "objectsPerSlab", "bytes", "pinnedObjects", "slabsReclaimed")) {
      assertThat(isNumber(c.get(f))).as(f).isTrue();
    }
  }

  @Test
  void aSizeClassOfAPayloadCacheHasItsRequestedBytesAsANumber() {
    JsonObject c = parse(JsonShapes.cache(new CacheRow("pages.128", true, true, "hot", 64, 40,
        0.625, 128, 2, 1, 32, 8192, 4000, 0, 0, 0)));
    assertThat(c.get("requestedBytes").getAsLong()).isEqualTo(4000);
    assertThat(c.get("bytes").getAsLong()).isEqualTo(8192);
  }

  @Test
  void listOfOneJvmAndListOfAll() {
    JsonObject list = parse(JsonShapes.caches(42, List.of(SESSIONS)));
    assertThat(list.keySet()).containsExactly("pid", "caches");
    assertThat(list.get("pid").getAsLong()).isEqualTo(42);
    assertThat(list.getAsJsonArray("caches").get(0).getAsJsonObject().get("name").getAsString())
        .isEqualTo("sessions");

    Jvm app = new Jvm(42, "com.example.App arg");
    JsonObject all = parse(JsonShapes.survey(new Survey(List.of(new Found(app, 2)),
        List.of(new Skipped(new Jvm(7, "x.Y"), "no slabpool agent")))));
    assertThat(all.keySet()).containsExactly("jvms", "skipped");
    JsonObject jvm = all.getAsJsonArray("jvms").get(0).getAsJsonObject();
    assertThat(jvm.keySet()).containsExactly("pid", "main", "caches");
    assertThat(jvm.get("main").getAsString()).isEqualTo("com.example.App");
    assertThat(jvm.get("caches").getAsInt()).isEqualTo(2);
    assertThat(all.getAsJsonArray("skipped").get(0).getAsJsonObject().get("reason").getAsString())
        .isEqualTo("no slabpool agent");
  }

  @Test
  void aSlabtopTableHasTotalsAndRatesWhichAreNullUntilKnown() {
    CacheRow buffers = new CacheRow("buffers", false, true, "slab", 64, 64, 1.0, 256, 8, 0, 8,
        16384, -1, 0, 0, 0);
    JsonObject t = parse(JsonShapes.table(Instant.parse("2026-12-03T06:00:00Z"), "objects",
        List.of(SESSIONS, buffers), Map.of("sessions", new Rate(1.5, 24.0))));
    assertThat(t.keySet()).containsExactly("time", "sort", "totals", "caches");
    assertThat(t.get("time").getAsString()).isEqualTo("2026-12-03T06:00:00Z");
    JsonObject totals = t.getAsJsonObject("totals");
    assertThat(totals.keySet()).containsExactly("caches", "objects", "activeObjects", "slabs",
        "partialSlabs", "pinnedObjects", "bytes");
    assertThat(totals.get("objects").getAsLong()).isEqualTo(320);
    assertThat(totals.get("bytes").getAsLong()).isEqualTo(32768);
    JsonObject first = t.getAsJsonArray("caches").get(0).getAsJsonObject();
    assertThat(first.keySet()).startsWith(CACHE_FIELDS.toArray(String[]::new))
        .endsWith("reclaimedSlabsPerSecond", "reclaimedObjectsPerSecond");
    assertThat(first.get("reclaimedSlabsPerSecond").getAsDouble()).isEqualTo(1.5);
    JsonObject second = t.getAsJsonArray("caches").get(1).getAsJsonObject();
    assertThat(second.get("name").getAsString()).isEqualTo("buffers");
    assertThat(second.get("reclaimedObjectsPerSecond").isJsonNull()).isTrue();
  }

  @Test
  void reclaimAndTracing() throws Exception {
    JsonObject r = parse(JsonShapes.reclaim(
        new Reclaimed("buffers", "slab", "REQUEST", 3, 24, 30, 1_234_567, 1), 4));
    assertThat(r.keySet()).containsExactly("cache", "policy", "slabsRequested", "slabsFreed",
        "objectsFreed", "objectsScanned", "nanos");
    assertThat(r.get("slabsRequested").getAsLong()).isEqualTo(4);
    assertThat(r.get("nanos").getAsLong()).isEqualTo(1_234_567);

    JsonObject on = parse(JsonShapes.tracing("on", "*", new String[] {"*"}));
    assertThat(on.keySet()).containsExactly("action", "cache", "traced");
    assertThat(on.getAsJsonArray("traced").get(0).getAsString()).isEqualTo("*");
    assertThat(parse(JsonShapes.tracing("off", "a", new String[0])).getAsJsonArray("traced"))
        .isEmpty();

    CompositeType site = type("CallSite", Map.of("callSite", SimpleType.STRING,
        "references", SimpleType.LONG));
    CompositeType holder = type("Holder", Map.of("callSite", SimpleType.STRING,
        "thread", SimpleType.STRING, "ageMillis", SimpleType.LONG, "object", SimpleType.STRING));
    JsonObject show = parse(JsonShapes.traceShow("sessions",
        new CompositeData[] {new CompositeDataSupport(site, Map.of("callSite", "A.b(A.java:7)",
            "references", 7L))},
        new CompositeData[] {new CompositeDataSupport(holder, Map.of("callSite", "A.b(A.java:7)",
            "thread", "main", "ageMillis", 1247L, "object", "X@1"))}));
    assertThat(show.keySet()).containsExactly("cache", "callSites", "oldestHolders");
    JsonObject s = show.getAsJsonArray("callSites").get(0).getAsJsonObject();
    assertThat(s.keySet()).containsExactly("callSite", "references");
    assertThat(isNumber(s.get("references"))).isTrue();
    JsonObject h = show.getAsJsonArray("oldestHolders").get(0).getAsJsonObject();
    assertThat(h.keySet()).containsExactly("ageMillis", "callSite", "object", "thread");
    assertThat(h.get("ageMillis").getAsLong()).isEqualTo(1247);
  }

  @Test
  void stringsAreEscapedAndNonFiniteNumbersAreNull() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
    m.put("nan", Double.NaN);
    m.put("inf", Double.POSITIVE_INFINITY);
    m.put("list", Arrays.asList(1, null, true));
    JsonObject o = parse(m);
    assertThat(o.get("s").getAsString()).isEqualTo(m.get("s"));
    assertThat(o.get("nan").isJsonNull()).isTrue();
    assertThat(o.get("inf").isJsonNull()).isTrue();
    assertThat(o.getAsJsonArray("list").get(1).isJsonNull()).isTrue();
    assertThat(Json.write(m)).doesNotContain("\n");
  }

  private static CompositeType type(String name, Map<String, OpenType<?>> items)
      throws Exception {
    String[] keys = items.keySet().toArray(String[]::new);
    OpenType<?>[] types = Arrays.stream(keys).map(items::get).toArray(OpenType<?>[]::new);
    return new CompositeType(name, name, keys, keys, types);
  }
}
