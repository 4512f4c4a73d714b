package dev.slabpool.agent.cli;

import dev.slabpool.agent.cli.JvmSurvey.Survey;
import dev.slabpool.agent.cli.Rates.Rate;
import dev.slabpool.jmx.client.Reclaimed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;

/**
 * The shapes of the command line's {@code --json} output, one method per command (agent/README.md
 * documents each). Field names are stable; counts, sizes and rates are JSON numbers.
 */
final class JsonShapes {

  private JsonShapes() {}

  /** A cache, as {@code list} and {@code slabtop} give it. */
  static Map<String, Object> cache(CacheRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("kind", r.keyed() ? "keyed" : "slab");
    m.put("policy", r.policy());
    m.put("reclaimable", r.reclaimable());
    m.put("objects", r.objects());
    m.put("activeObjects", r.active());
    m.put("density", r.density());
    m.put("objectSize", r.objectSize());
    m.put("slabs", r.slabs());
    m.put("partialSlabs", r.partial());
    m.put("objectsPerSlab", r.objectsPerSlab());
    m.put("bytes", r.bytes());
    m.put("requestedBytes", r.requested() < 0 ? null : r.requested());
    m.put("pinnedObjects", r.pinned());
    m.put("slabsReclaimed", r.slabsReclaimed());
    m.put("objectsReclaimed", r.objectsReclaimed());
    return m;
  }

  /** {@code <target> list}: the caches of one JVM, by name. */
  static Map<String, Object> caches(long pid, List<CacheRow> rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pid", pid);
    m.put("caches", rows.stream().map(JsonShapes::cache).toList());
    return m;
  }

  /** {@code list} with no target: the JVMs with slabpool, and those skipped with the reason. */
  static Map<String, Object> survey(Survey survey) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jvms", survey.found().stream().map(f -> {
      Map<String, Object> jvm = new LinkedHashMap<>();
      jvm.put("pid", f.jvm().pid());
      jvm.put("main", f.jvm().main());
      jvm.put("caches", f.caches());
      return jvm;
    }).toList());
    m.put("skipped", survey.skipped().stream().map(s -> {
      Map<String, Object> jvm = new LinkedHashMap<>();
      jvm.put("pid", s.jvm().pid());
      jvm.put("main", s.jvm().main());
      jvm.put("reason", s.reason());
      return jvm;
    }).toList());
    return m;
  }

  /**
   * One refresh of {@code slabtop}: when, the sort key, the totals, and the caches in table
   * order, each with its reclaim rates ({@code null} when it has none yet).
   */
  static Map<String, Object> table(Instant time, String sort, List<CacheRow> sorted,
      Map<String, Rate> rates) {
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("caches", sorted.size());
    totals.put("objects", sorted.stream().mapToLong(CacheRow::objects).sum());
    totals.put("activeObjects", sorted.stream().mapToLong(CacheRow::active).sum());
    totals.put("slabs", sorted.stream().mapToLong(CacheRow::slabs).sum());
    totals.put("partialSlabs", sorted.stream().mapToLong(CacheRow::partial).sum());
    totals.put("pinnedObjects", sorted.stream().mapToLong(CacheRow::pinned).sum());
    totals.put("bytes", sorted.stream().mapToLong(CacheRow::bytes).sum());
    List<Map<String, Object>> caches = new ArrayList<>();
    for (CacheRow r : sorted) {
      Map<String, Object> c = cache(r);
      Rate rate = rates.get(r.name());
      c.put("reclaimedSlabsPerSecond", rate == null ? null : rate.slabsPerSecond());
      c.put("reclaimedObjectsPerSecond", rate == null ? null : rate.objectsPerSecond());
      caches.add(c);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", time.toString());
    m.put("sort", sort);
    m.put("totals", totals);
    m.put("caches", caches);
    return m;
  }

  /** {@code reclaim}: what the reclaim did. */
  static Map<String, Object> reclaim(Reclaimed r, long pagesRequested) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cache", r.cache());
    m.put("policy", r.policy());
    m.put("slabsRequested", pagesRequested);
    m.put("slabsFreed", r.slabsFreed());
    m.put("objectsFreed", r.objectsFreed());
    m.put("objectsScanned", r.objectsScanned());
    m.put("nanos", r.nanos());
    return m;
  }

  /** {@code trace on|off}: what was asked, and what is traced now. */
  static Map<String, Object> tracing(String action, String cache, String[] tracedNow) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", action);
    m.put("cache", cache);
    m.put("traced", Arrays.asList(tracedNow));
    return m;
  }

  /**
   * {@code trace show}: the pin tracer's {@code topCallSites} ({@code callSite},
   * {@code references}) and {@code oldestHolders} ({@code callSite}, {@code thread},
   * {@code ageMillis}, {@code object}), each item under its MXBean name.
   */
  static Map<String, Object> traceShow(String cache, CompositeData[] callSites,
      CompositeData[] oldestHolders) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cache", cache);
    m.put("callSites", items(callSites));
    m.put("oldestHolders", items(oldestHolders));
    return m;
  }

  private static List<Map<String, Object>> items(CompositeData[] rows) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (CompositeData row : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String key : row.getCompositeType().keySet()) { // a sorted set: a stable order
        m.put(key, row.get(key));
      }
      list.add(m);
    }
    return list;
  }
}
