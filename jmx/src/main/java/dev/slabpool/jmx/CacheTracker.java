package dev.slabpool.jmx;

import dev.slabpool.ManagedCache;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCacheRegistry;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps something (an MXBean, a set of meters) per live cache of the {@link SlabCacheRegistry}:
 * follows the registry's listener and catches up with the caches that were there before. Caches
 * are held weakly. Changes are serialised on the tracker, so a cache reported twice (by the
 * listener and by the catch-up) is tracked once, a cache destroyed during the catch-up is not
 * kept, and the late removal of a destroyed cache does not drop a new cache of the same name.
 *
 * @param <T> what is kept per cache
 */
public final class CacheTracker<T> implements AutoCloseable {

  /** Makes and disposes of what is kept per cache. */
  public interface Handler<T> {
    /** A cache appeared; returns what to keep for it, or {@code null} to keep nothing. */
    T added(ManagedCache cache);

    /** The cache of {@code tracked} is gone (destroyed, collected) or the tracker closed. */
    void removed(T tracked);

    /** The cache of {@code tracked} reclaimed; called on the reclaiming thread: be quick. */
    default void reclaimed(T tracked, ReclaimResult result) {}
  }

  private record Entry<T>(String name, WeakReference<ManagedCache> cache, T tracked) {
    boolean gone() {
      ManagedCache c = cache.get();
      return c == null || c.isDestroyed();
    }
  }

  private final Handler<T> handler;
  private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
  private final SlabCacheRegistry.Listener listener = new SlabCacheRegistry.Listener() {
    @Override
    public void added(ManagedCache cache) {
      track(cache);
    }

    @Override
    public void removed(String name) {
      refresh(name);
    }

    @Override
    public void reclaimed(ReclaimResult result) {
      Entry<T> e = entries.get(result.cache());
      if (e != null && e.cache.get() != null) {
        handler.reclaimed(e.tracked, result);
      }
    }
  };
  private boolean closed;

  /** A tracker that keeps what {@code handler} makes; {@link #start()} starts it. */
  public CacheTracker(Handler<T> handler) {
    this.handler = handler;
  }

  /** Starts tracking every live cache, present and future. */
  public void start() {
    SlabCacheRegistry.addListener(listener);
    SlabCacheRegistry.caches().forEach(this::track);
  }

  private synchronized void track(ManagedCache cache) {
    if (closed || cache.isDestroyed()) {
      return;
    }
    Entry<T> old = entries.get(cache.name());
    if (old != null) {
      if (old.cache.get() == cache) {
        return; // heard of twice: by the listener and by the catch-up
      }
      drop(old);
    }
    T tracked = handler.added(cache);
    if (tracked != null) {
      entries.put(cache.name(), new Entry<>(cache.name(), new WeakReference<>(cache), tracked));
    }
  }

  /** Drops what is kept for the cache of that name if that cache is destroyed or collected. */
  public synchronized void refresh(String name) {
    Entry<T> e = entries.get(name);
    if (e != null && e.gone()) {
      drop(e);
    }
  }

  private void drop(Entry<T> e) {
    if (entries.remove(e.name, e)) {
      handler.removed(e.tracked);
    }
  }

  /** Stops tracking and disposes of everything kept. */
  @Override
  public synchronized void close() {
    closed = true;
    SlabCacheRegistry.removeListener(listener);
    List.copyOf(entries.values()).forEach(this::drop);
  }
}
