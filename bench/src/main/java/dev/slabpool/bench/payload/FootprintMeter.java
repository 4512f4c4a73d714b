package dev.slabpool.bench.payload;

import dev.slabpool.SlabCacheStats;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.openjdk.jol.info.GraphLayout;

/**
 * Fills a peer with entries {@code 0 .. n-1} of {@link ValueSizes#of} under a capacity that
 * evicts none, and measures what it took: the used heap after full GCs, before the cache was
 * built and after it was filled, plus its off-heap memory; for the heap caches a JOL walk of the
 * cache breaks the heap down by class.
 */
public final class FootprintMeter {
  private static final int MAX_GCS = 6;
  private static final Predicate<Class<?>> INDEX = named(
      "java.util.concurrent.ConcurrentHashMap$Node",
      "[Ljava.util.concurrent.ConcurrentHashMap$Node;");

  private FootprintMeter() {}

  /** The bytes of the values of entries {@code 0 .. n-1}. */
  public static long valueBytes(int n) {
    long bytes = 0;
    for (int k = 0; k < n; k++) {
      bytes += ValueSizes.of(k);
    }
    return bytes;
  }

  /**
   * Measures one peer of {@code n} entries; slabpool's slabs are {@code slabSize} bytes.
   *
   * @throws IllegalStateException if the peer did not keep all {@code n} entries
   */
  public static Footprint measure(PeerKind kind, int n, int slabSize) {
    long values = valueBytes(n);
    // Room for every entry whatever a peer's overhead, in whole slabs.
    long cap = ((2 * values + 256L * n) / slabSize + 1) * slabSize;
    long before = settledHeap();
    PayloadPeer peer = kind.create(cap, slabSize, ValueSizes.MIN);
    try {
      for (int k = 0; k < n; k++) {
        peer.put(k, ValueSizes.of(k));
      }
      if (peer.entries() != n) {
        throw new IllegalStateException(peer.name() + " kept " + peer.entries() + " of " + n
            + " entries at a capacity of " + cap + " bytes");
      }
      long heap = settledHeap() - before;
      return switch (kind) {
        case SLABPOOL -> slabpool((SlabpoolPeer) peer, n, values, heap);
        case CAFFEINE -> caffeine((CaffeinePeer) peer, n, values, heap);
        case OHC -> ohc((OhcPeer) peer, n, values, heap);
        case EHCACHE -> ehcache((EhcachePeer) peer, n, values, heap);
      };
    } finally {
      Reference.reachabilityFence(peer);
      peer.close();
    }
  }

  private static Footprint slabpool(SlabpoolPeer p, int n, long values, long heap) {
    GraphLayout walk = walk(p.cache());
    long inSlots = 0;
    for (SlabCacheStats s : p.cache().classStats()) {
      inSlots += s.activeObjects() * s.objectSize();
    }
    long held = p.cache().bytesHeld();
    List<Footprint.Part> parts = new ArrayList<>();
    parts.add(new Footprint.Part("off-heap: the values", values));
    parts.add(new Footprint.Part("off-heap: slot rounding (slot size - value size)",
        inSlots - values));
    parts.add(new Footprint.Part("off-heap: free slots of the slabs held", held - inSlots));
    parts.addAll(groups(walk, Map.of(
        "heap: index, ConcurrentHashMap nodes and table", INDEX,
        "heap: keys (Long)", named("java.lang.Long"),
        "heap: entry shells (PayloadEntry), one per slot, free ones included",
            named("dev.slabpool.PayloadEntry"),
        "heap: Slot objects, one per slot", named("dev.slabpool.Slot"),
        "heap: slabs (Slab, their direct buffers and cleaners, per-slab arrays)",
            named("dev.slabpool.Slab", "[I", "[Ljava.lang.Object;", "[Z")
                .or(c -> c.getName().startsWith("java.nio.")
                    || c.getName().startsWith("jdk.internal.")
                    || c.getName().startsWith("dev.slabpool.DirectMemory")))));
    return new Footprint(p.name(), n, values, heap, walk.totalSize(), held,
        "bytesHeld(): slabs x their block", parts);
  }

  private static Footprint caffeine(CaffeinePeer p, int n, long values, long heap) {
    GraphLayout walk = walk(p.cache());
    List<Footprint.Part> parts = new ArrayList<>();
    parts.add(new Footprint.Part("heap: the values", values));
    parts.addAll(groups(walk, Map.of(
        "heap: byte[] headers and padding", named("[B"),
        "heap: index, ConcurrentHashMap nodes and table", INDEX,
        "heap: keys (Long)", named("java.lang.Long"),
        "heap: Caffeine's nodes", FootprintMeter::caffeineNode)));
    // The byte[] group holds the values too: take them out of it.
    parts.replaceAll(part -> part.what().startsWith("heap: byte[]")
        ? new Footprint.Part(part.what(), part.bytes() - values) : part);
    return new Footprint(p.name(), n, values, heap, walk.totalSize(), 0, "none", parts);
  }

  private static Footprint ohc(OhcPeer p, int n, long values, long heap) {
    long used = p.cache().memUsed();
    long tables = p.tableBytes();
    List<Footprint.Part> parts = List.of(
        new Footprint.Part("off-heap: the values", values),
        new Footprint.Part("off-heap: entry headers (" + OhcPeer.ENTRY_HEADER + " bytes) and"
            + " serialised keys (8 bytes)", used - values),
        new Footprint.Part("off-heap: bucket tables", tables),
        new Footprint.Part("heap", heap));
    return new Footprint(p.name(), n, values, heap, -1, used + tables,
        "memUsed() + bucket tables; malloc's own overhead not counted", parts);
  }

  private static Footprint ehcache(EhcachePeer p, int n, long values, long heap) {
    long allocated = p.allocatedBytes();
    long occupied = p.occupiedBytes();
    List<Footprint.Part> parts = List.of(
        new Footprint.Part("off-heap: the values", values),
        new Footprint.Part("off-heap: occupied beyond the values (keys, entry metadata)",
            occupied - values),
        new Footprint.Part("off-heap: allocated, not occupied", allocated - occupied),
        new Footprint.Part("heap", heap));
    return new Footprint(p.name(), n, values, heap, -1, allocated,
        "allocated bytes of the off-heap tier (its statistics)", parts);
  }

  private static GraphLayout walk(Object root) {
    // JOL cannot take the field offsets of lambdas' hidden classes otherwise.
    System.setProperty("jol.magicFieldOffset", "true");
    return GraphLayout.parseInstance(root);
  }

  /**
   * The walk's bytes in the groups, in order of {@code groups}' labels sorted, then the classes
   * of no group as "heap: other".
   */
  private static List<Footprint.Part> groups(GraphLayout walk,
      Map<String, Predicate<Class<?>>> groups) {
    Map<String, Long> sums = new LinkedHashMap<>();
    groups.keySet().stream().sorted().forEach(g -> sums.put(g, 0L));
    long other = 0;
    for (Class<?> c : walk.getClasses()) {
      long size = walk.getClassSizes().count(c);
      String group = sums.keySet().stream().filter(g -> groups.get(g).test(c))
          .findFirst()
          .orElse(null);
      if (group == null) {
        other += size;
      } else {
        sums.merge(group, size, Long::sum);
      }
    }
    List<Footprint.Part> parts = new ArrayList<>();
    sums.forEach((g, b) -> parts.add(new Footprint.Part(g, b)));
    parts.add(new Footprint.Part("heap: other", other));
    return parts;
  }

  /** Whether a class is one of Caffeine's generated node classes (they extend its Node). */
  private static boolean caffeineNode(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals("com.github.benmanes.caffeine.cache.Node")) {
        return true;
      }
    }
    return false;
  }

  /** A class of one of these names. */
  private static Predicate<Class<?>> named(String... names) {
    List<String> all = List.of(names);
    return c -> all.contains(c.getName());
  }

  /** The used heap after full GCs, once it stops falling. */
  static long settledHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < MAX_GCS; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= last) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
