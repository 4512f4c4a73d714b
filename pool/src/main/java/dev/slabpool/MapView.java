package dev.slabpool;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@link ConcurrentMap} view of a {@link KeyedCache}. Like {@code ConcurrentHashMap} it
 * rejects null keys and values, and its iterators are weakly consistent.
 */
final class MapView<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {
  private final KeyedCache<K, V> cache;
  private Set<Map.Entry<K, V>> entries;

  MapView(KeyedCache<K, V> cache) {
    this.cache = cache;
  }

  @Override
  public int size() {
    return (int) Math.min(Integer.MAX_VALUE, cache.size());
  }

  @Override
  public boolean isEmpty() {
    return cache.size() == 0;
  }

  @Override
  public V get(Object key) {
    return cache.peek(key, KeyedCache.Read.ACCESS);
  }

  @Override
  public boolean containsKey(Object key) {
    return cache.peek(key, KeyedCache.Read.QUIET) != null;
  }

  @Override
  public boolean containsValue(Object value) {
    return super.containsValue(Objects.requireNonNull(value, "value"));
  }

  @Override
  public V put(K key, V value) {
    return cache.put(key, value);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    return cache.putIfAbsent(Objects.requireNonNull(key, "key"),
        Objects.requireNonNull(value, "value"));
  }

  @Override
  @SuppressWarnings("unchecked")
  public V remove(Object key) {
    return cache.remove((K) Objects.requireNonNull(key, "key"));
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean remove(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    return value != null && cache.remove((K) key, (V) value);
  }

  @Override
  public V replace(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return cache.replace(key, null, value).previous;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    return cache.replace(key, oldValue, newValue).replaced;
  }

  @Override
  public void clear() {
    for (K key : cache.index.keySet()) {
      cache.remove(key);
    }
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    Set<Map.Entry<K, V>> set = entries;
    if (set == null) {
      entries = set = new EntrySet();
    }
    return set;
  }

  private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      return new EntryIterator();
    }

    @Override
    public int size() {
      return MapView.this.size();
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
        return false;
      }
      V value = MapView.this.get(e.getKey());
      return value != null && value.equals(e.getValue());
    }

    @Override
    public boolean remove(Object o) {
      return o instanceof Map.Entry<?, ?> e && e.getKey() != null
          && MapView.this.remove(e.getKey(), e.getValue());
    }

    @Override
    public void clear() {
      MapView.this.clear();
    }
  }

  /** Skips entries that are freed between the index read and the value read. */
  private final class EntryIterator implements Iterator<Map.Entry<K, V>> {
    private final Iterator<Map.Entry<K, KeyedEntry<K, V>>> it = cache.index.entrySet().iterator();
    private Map.Entry<K, V> next;
    private K last;

    @Override
    public boolean hasNext() {
      while (next == null && it.hasNext()) {
        Map.Entry<K, KeyedEntry<K, V>> m = it.next();
        V value = cache.read(m.getKey(), m.getValue());
        if (value != null) {
          next = new WriteThrough(m.getKey(), value);
        }
      }
      return next != null;
    }

    @Override
    public Map.Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Map.Entry<K, V> e = next;
      next = null;
      last = e.getKey();
      return e;
    }

    @Override
    public void remove() {
      if (last == null) {
        throw new IllegalStateException("next() was not called, or remove() was already called");
      }
      cache.remove(last);
      last = null;
    }
  }

  /** An entry whose {@code setValue} writes through to the cache. */
  private final class WriteThrough extends SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;

    WriteThrough(K key, V value) {
      super(key, value);
    }

    @Override
    public V setValue(V value) {
      Objects.requireNonNull(value, "value");
      cache.put(getKey(), value);
      return super.setValue(value);
    }
  }
}
