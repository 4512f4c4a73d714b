package dev.slabpool;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** Exact LRU order: an access-ordered list under one lock (a baseline, not built for speed). */
final class LruOrder<K, V> extends VictimOrder<K, V> {
  private final ReentrantLock lock = new ReentrantLock();
  // Entries compare by identity (PooledObject does not override equals), eldest first.
  private final LinkedHashMap<KeyedEntry<K, V>, Boolean> order =
      new LinkedHashMap<>(256, 0.75f, true);

  LruOrder(SlabCache<KeyedEntry<K, V>> store) {
    super(store);
  }

  @Override
  public ReclaimPolicy policy() {
    return ReclaimPolicy.LRU;
  }

  @Override
  public void inserted(K key, KeyedEntry<K, V> e) {
    lock.lock();
    try {
      order.put(e, Boolean.TRUE);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void accessed(K key, KeyedEntry<K, V> e) {
    lock.lock();
    try {
      order.get(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void removed(K key, KeyedEntry<K, V> e) {
    lock.lock();
    try {
      order.remove(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  List<KeyedEntry<K, V>> victims(int max) {
    List<KeyedEntry<K, V>> out = new ArrayList<>(max);
    lock.lock();
    try {
      Iterator<KeyedEntry<K, V>> it = order.keySet().iterator();
      while (it.hasNext() && out.size() < max) {
        KeyedEntry<K, V> e = it.next();
        if (!e.linked) {
          it.remove();
        } else if (e.slabpoolRefcount() == 1) {
          out.add(e);
        }
      }
    } finally {
      lock.unlock();
    }
    return out;
  }

  @Override
  public void capacity(long objects) {
    // an LRU list needs no sizing
  }
}
