package dev.slabpool.bench.sections;

import static dev.slabpool.bench.report.MarkdownTable.count;
import static dev.slabpool.bench.report.MarkdownTable.num;

import dev.slabpool.bench.BenchContext;
import dev.slabpool.bench.BenchSection;
import dev.slabpool.bench.Target;
import dev.slabpool.bench.payload.Footprint;
import dev.slabpool.bench.payload.FootprintMeter;
import dev.slabpool.bench.payload.PeerKind;
import dev.slabpool.bench.report.MarkdownTable;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Overhead bytes per entry: each peer filled with the same entries, its heap (after GC) and
 * off-heap memory against the bytes of the values.
 */
public final class PayloadFootprintSection implements BenchSection {
  /** slabpool's slab size here: a class's last, partly filled slab stays small beside N. */
  static final int SLAB_SIZE = 1 << 16;

  @Override
  public String id() {
    return "payload-footprint";
  }

  @Override
  public String title() {
    return "PayloadCache: overhead bytes per entry";
  }

  @Override
  public int order() {
    return 160;
  }

  @Override
  public void run(BenchContext ctx) {
    int n = ctx.repeats(20_000, 200_000, 1_000_000);
    Map<PeerKind, Footprint> all = new EnumMap<>(PeerKind.class);
    for (PeerKind kind : PeerKind.values()) {
      ctx.log("footprint of " + count(n) + " entries: " + kind);
      all.put(kind, FootprintMeter.measure(kind, n, SLAB_SIZE));
    }
    ctx.markdown(String.format(Locale.ROOT, """
        Each cache is built empty and filled with keys 0 to %s, each with a value of
        `ValueSizes.of(key)` bytes (%s bytes of values in all, %s per entry on average), under a
        capacity that evicts none (checked). *Heap* is the growth of the used heap
        (`MemoryMXBean`) after full GCs (`System.gc()` until it stops falling), from before the
        cache was built to after it was filled; *walked* is the cache's heap objects as JOL's
        `GraphLayout.parseInstance(cache)` counts them (the heap caches only). *Off-heap* is
        slabpool's `bytesHeld()` (slabs of %s bytes, %s payload), OHC's `memUsed()` (its
        capacity's accounting: entry headers, keys, values) plus its bucket tables (8 bytes a
        bucket; malloc's own per-allocation overhead, not visible from Java, is not counted),
        and the bytes Ehcache's off-heap tier allocated (its statistics). Overhead per entry =
        (heap + off-heap - value bytes) / entries.""", count(n - 1),
        count(all.get(PeerKind.SLABPOOL).valueBytes()),
        num((double) all.get(PeerKind.SLABPOOL).valueBytes() / n, 1), count(SLAB_SIZE),
        "DIRECT"));
    MarkdownTable t = new MarkdownTable("cache", "entries", "value bytes", "heap (walked)",
        "off-heap", "off-heap is", "overhead per entry");
    for (Footprint f : all.values()) {
      t.row(f.peer(), count(f.entries()), count(f.valueBytes()), count(f.heapBytes())
              + (f.walkedHeapBytes() < 0 ? "" : " (" + count(f.walkedHeapBytes()) + ")"),
          count(f.offHeapBytes()), f.offHeap(), num(f.overheadPerEntry(), 1));
    }
    ctx.markdown(t.toString());
    for (Footprint f : all.values()) {
      ctx.markdown("Where " + f.peer() + "'s bytes go:\n\n" + parts(f));
    }
    Footprint slab = all.get(PeerKind.SLABPOOL);
    Footprint caffeine = all.get(PeerKind.CAFFEINE);
    Footprint ohc = all.get(PeerKind.OHC);
    String breakdown = "slabpool's " + num(slab.overheadPerEntry(), 1) + " bytes per entry: "
        + slab.parts().stream().filter(p -> !p.what().endsWith("the values"))
            .sorted(Comparator.comparingLong(Footprint.Part::bytes).reversed())
            .map(p -> p.what() + " " + num((double) p.bytes() / slab.entries(), 1))
            .collect(Collectors.joining("; "))
        + " (the JOL walk counts the cache's heap objects, the heap figure the heap's growth).";
    boolean half = slab.overheadPerEntry() <= caffeine.overheadPerEntry() / 2;
    ctx.target(new Target("PayloadCache overhead per entry <= half of Caffeine's",
        String.format(Locale.ROOT, "%.1f vs %.1f bytes (half: %.1f)", slab.overheadPerEntry(),
            caffeine.overheadPerEntry(), caffeine.overheadPerEntry() / 2), half,
        half ? "" : breakdown));
    boolean belowOhc = slab.overheadPerEntry() <= ohc.overheadPerEntry();
    ctx.target(new Target("PayloadCache overhead per entry <= OHC's",
        String.format(Locale.ROOT, "%.1f vs %.1f bytes", slab.overheadPerEntry(),
            ohc.overheadPerEntry()), belowOhc, belowOhc ? "" : breakdown));
  }

  private static String parts(Footprint f) {
    MarkdownTable t = new MarkdownTable("part", "bytes", "per entry");
    for (Footprint.Part p : f.parts()) {
      t.row(p.what(), count(p.bytes()), num((double) p.bytes() / f.entries(), 1));
    }
    return t.toString();
  }
}
