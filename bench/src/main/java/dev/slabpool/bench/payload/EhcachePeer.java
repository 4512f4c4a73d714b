package dev.slabpool.bench.payload;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongToIntFunction;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.internal.statistics.DefaultStatisticsService;
import org.ehcache.core.statistics.TierStatistics;

/**
 * Ehcache 3 with an off-heap tier only (no heap tier in front), its built-in serialisers for
 * {@code Long} and {@code byte[]}. The off-heap tier allocates its memory page by page up to
 * its size (at least 1 MiB: Ehcache refuses less); its statistics give the bytes allocated and
 * the bytes its entries occupy.
 */
public final class EhcachePeer implements PayloadPeer {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final String TIER = "OffHeap";

  private final CacheManager manager;
  private final DefaultStatisticsService statistics = new DefaultStatisticsService();
  private final String alias = "bench-payload-" + NAMES.incrementAndGet();
  private final Cache<Long, byte[]> cache;

  /** A cache whose off-heap pool is {@code capBytes}. */
  public EhcachePeer(long capBytes) {
    manager = CacheManagerBuilder.newCacheManagerBuilder().using(statistics)
        .withCache(alias, CacheConfigurationBuilder.newCacheConfigurationBuilder(Long.class,
            byte[].class, ResourcePoolsBuilder.newResourcePoolsBuilder()
                .offheap(capBytes, MemoryUnit.B)))
        .build(true);
    cache = manager.getCache(alias, Long.class, byte[].class);
  }

  private TierStatistics tier() {
    return statistics.getCacheStatistics(alias).getTierStatistics().get(TIER);
  }

  /** Bytes of the off-heap pool the entries occupy, as Ehcache's statistics give them. */
  public long occupiedBytes() {
    return tier().getOccupiedByteSize();
  }

  /** Bytes of the off-heap pool allocated, as Ehcache's statistics give them. */
  public long allocatedBytes() {
    return tier().getAllocatedByteSize();
  }

  @Override
  public String name() {
    return "Ehcache 3.12 off-heap";
  }

  @Override
  public String counts() {
    return "its off-heap tier: the serialised keys and values with their per-entry metadata,"
        + " allocated page by page up to the budget (at least 1 MiB); the heap side is outside"
        + " it";
  }

  @Override
  public boolean get(long key) {
    return cache.get(key) != null;
  }

  @Override
  public void put(long key, int size) {
    cache.put(key, new byte[size]); // garbage once serialised: nothing of it stays on the heap
  }

  @Override
  public long entries() {
    return tier().getMappings();
  }

  @Override
  public long valueBytes(LongToIntFunction size) {
    long bytes = 0;
    for (Cache.Entry<Long, byte[]> e : cache) {
      bytes += e.getValue().length;
    }
    return bytes;
  }

  @Override
  public void close() {
    manager.close();
  }
}
