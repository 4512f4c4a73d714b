package dev.slabpool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Caffeine's eviction order: a shadow Caffeine cache of the same keys, sized like the keyed
 * cache, that sees every access; victims come from {@code Policy.Eviction.coldest}.
 */
final class CaffeineOrder<K, V> extends VictimOrder<K, V> {
  private final Cache<K, KeyedEntry<K, V>> shadow;
  private final Policy.Eviction<K, KeyedEntry<K, V>> eviction;

  CaffeineOrder(SlabCache<KeyedEntry<K, V>> store, long capacityObjects) {
    super(store);
    // Maintenance runs on the caller, so the shadow never changes behind our back.
    this.shadow = Caffeine.newBuilder()
        .maximumSize(capacityObjects)
        .executor(Runnable::run)
        .build();
    this.eviction = shadow.policy().eviction().orElseThrow();
  }

  @Override
  public ReclaimPolicy policy() {
    return ReclaimPolicy.CAFFEINE;
  }

  @Override
  public void inserted(K key, KeyedEntry<K, V> e) {
    shadow.put(key, e);
  }

  @Override
  public void accessed(K key, KeyedEntry<K, V> e) {
    shadow.getIfPresent(key);
  }

  @Override
  public void removed(K key, KeyedEntry<K, V> e) {
    shadow.asMap().remove(key, e);
  }

  @Override
  List<KeyedEntry<K, V>> victims(int max) {
    List<KeyedEntry<K, V>> out = new ArrayList<>(max);
    for (int limit = max; ; limit *= 2) {
      Map<K, KeyedEntry<K, V>> coldest = eviction.coldest(limit);
      out.clear();
      for (Map.Entry<K, KeyedEntry<K, V>> m : coldest.entrySet()) {
        KeyedEntry<K, V> e = m.getValue();
        if (!e.linked || !m.getKey().equals(e.key)) {
          shadow.asMap().remove(m.getKey(), e);
        } else if (e.slabpoolRefcount() == 1 && out.size() < max) {
          out.add(e);
        }
      }
      if (out.size() >= max || coldest.size() < limit || limit > Integer.MAX_VALUE / 2) {
        return out;
      }
    }
  }

  @Override
  public void capacity(long objects) {
    eviction.setMaximum(Math.max(1, objects));
  }
}
