package dev.slabpool.agent.app;

import dev.slabpool.ManagedCache;
import dev.slabpool.PooledObject;
import dev.slabpool.ReclaimPolicy;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCache;
import dev.slabpool.SlabCacheStats;
import dev.slabpool.SlabMap;

/**
 * A keyed cache of the application's own making whose policy switch throws an Error: what the
 * agent's registry listener meets on the application's thread must not reach the application.
 */
final class FaultyCache implements ManagedCache {
  private static final class Item extends PooledObject {}

  private final SlabCache<Item> store = SlabCache.builder("faulty", Item::new)
      .registered(false).build();

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public boolean isKeyed() {
    return true;
  }

  @Override
  public boolean isReclaimable() {
    return false;
  }

  @Override
  public boolean isDestroyed() {
    return store.isDestroyed();
  }

  @Override
  public SlabCacheStats stats() {
    return store.stats();
  }

  @Override
  public SlabMap slabMap() {
    return store.slabMap();
  }

  @Override
  public ReclaimResult reclaim(long pages) {
    return store.reclaim(pages);
  }

  @Override
  public long shrink() {
    return store.shrink();
  }

  @Override
  public ReclaimPolicy policy() {
    return ReclaimPolicy.SLAB;
  }

  @Override
  public void policy(ReclaimPolicy policy) {
    throw new AssertionError("FaultyCache refuses every policy switch");
  }

  @Override
  public int circulation() {
    return store.circulation();
  }

  @Override
  public void circulation(int objectsPerFullSlab) {
    store.circulation(objectsPerFullSlab);
  }

  @Override
  public long memoryCap() {
    return store.memoryCap();
  }

  @Override
  public ReclaimResult memoryCap(long slabs) {
    return store.memoryCap(slabs);
  }

  @Override
  public void resetStatistics() {
    store.resetStatistics();
  }
}
