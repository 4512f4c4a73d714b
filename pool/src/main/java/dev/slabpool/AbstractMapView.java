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
 * What the {@link ConcurrentMap} views of the keyed caches share: the null checks, the entry set,
 * its weakly consistent iterator and write-through entries. A subclass gives the cache's
 * operations, each atomic on its own. Like {@code ConcurrentHashMap}, the view rejects null keys
 * and values.
 */
abstract class AbstractMapView<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {
  private Set<Map.Entry<K, V>> entries;

  /** Number of keys in the cache. */
  abstract long count();

  /** The keys, weakly consistent: those of the cache's index. */
  abstract Iterator<K> keys();

  /** The value of a key for an iteration (neither an access nor a hit), or {@code null}. */
  abstract V peek(K key);

  /** Maps a key to a value; returns the previous value or {@code null}. */
  abstract V store(K key, V value);

  /** Maps a key to a value if it is absent; returns the present value or {@code null}. */
  abstract V storeIfAbsent(K key, V value);

  /** Replaces the value of a present key; returns the previous value or {@code null}. */
  abstract V storeIfPresent(K key, V value);

  /** Replaces the value of a key if it equals {@code expected}; returns whether it did. */
  abstract boolean storeIfEqual(K key, V expected, V value);

  /** Removes a key; returns the removed value or {@code null}. */
  abstract V delete(K key);

  /** Removes a key if its value equals {@code expected}; returns whether it did. */
  abstract boolean deleteIfEqual(K key, V expected);

  @Override
  public abstract V get(Object key);

  @Override
  public abstract boolean containsKey(Object key);

  @Override
  public final int size() {
    return (int) Math.min(Integer.MAX_VALUE, count());
  }

  @Override
  public final boolean isEmpty() {
    return count() == 0;
  }

  @Override
  public final boolean containsValue(Object value) {
    return super.containsValue(Objects.requireNonNull(value, "value"));
  }

  @Override
  public final V put(K key, V value) {
    return store(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  @Override
  public final V putIfAbsent(K key, V value) {
    return storeIfAbsent(Objects.requireNonNull(key, "key"),
        Objects.requireNonNull(value, "value"));
  }

  @Override
  @SuppressWarnings("unchecked")
  public final V remove(Object key) {
    return delete((K) Objects.requireNonNull(key, "key"));
  }

  @Override
  @SuppressWarnings("unchecked")
  public final boolean remove(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    return value != null && deleteIfEqual((K) key, (V) value);
  }

  @Override
  public final V replace(K key, V value) {
    return storeIfPresent(Objects.requireNonNull(key, "key"),
        Objects.requireNonNull(value, "value"));
  }

  @Override
  public final boolean replace(K key, V oldValue, V newValue) {
    return storeIfEqual(Objects.requireNonNull(key, "key"),
        Objects.requireNonNull(oldValue, "oldValue"), Objects.requireNonNull(newValue, "newValue"));
  }

  @Override
  public final void clear() {
    for (Iterator<K> it = keys(); it.hasNext(); ) {
      delete(it.next());
    }
  }

  @Override
  public final Set<Map.Entry<K, V>> entrySet() {
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
      return AbstractMapView.this.size();
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
        return false;
      }
      V value = AbstractMapView.this.get(e.getKey());
      return value != null && value.equals(e.getValue());
    }

    @Override
    public boolean remove(Object o) {
      return o instanceof Map.Entry<?, ?> e && e.getKey() != null
          && AbstractMapView.this.remove(e.getKey(), e.getValue());
    }

    @Override
    public void clear() {
      AbstractMapView.this.clear();
    }
  }

  /** Skips keys whose entry is gone between the index read and the value read. */
  private final class EntryIterator implements Iterator<Map.Entry<K, V>> {
    private final Iterator<K> it = keys();
    private Map.Entry<K, V> next;
    private K last;

    @Override
    public boolean hasNext() {
      while (next == null && it.hasNext()) {
        K key = it.next();
        V value = peek(key);
        if (value != null) {
          next = new WriteThrough(key, value);
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
      delete(last);
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
      put(getKey(), value);
      return super.setValue(value);
    }
  }
}
