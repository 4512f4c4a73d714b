package dev.slabpool;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The JVM-wide list of live caches, for the MBeans and the agent to find them. Caches are held
 * weakly: a cache nobody references any more disappears from the registry (and listeners hear of
 * it) even if it was never destroyed.
 */
public final class SlabCacheRegistry {

  /** Hears about caches appearing, disappearing and reclaiming. Callbacks must be quick. */
  public interface Listener {
    /** A cache was built. */
    default void added(ManagedCache cache) {}

    /** A cache was destroyed or collected. */
    default void removed(String name) {}

    /**
     * A cache is starting a reclaim. Called on the reclaiming thread before the reclaim does any
     * work; the same thread's next {@link #reclaimed} of that cache ends it, also when the reclaim
     * fails (with what it freed before the failure). A reclaim may start another on its thread
     * (a destructor that allocates at a memory cap): the calls nest.
     */
    default void reclaiming(String cache, ReclaimResult.Cause cause) {}

    /** A cache ran a reclaim. Called on the reclaiming thread, after the reclaim finished. */
    default void reclaimed(ReclaimResult result) {}
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final System.Logger LOG = System.getLogger(SlabCacheRegistry.class.getName());

  private static final ConcurrentHashMap<String, Ref> CACHES = new ConcurrentHashMap<>();
  private static final ReferenceQueue<ManagedCache> COLLECTED = new ReferenceQueue<>();
  private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();

  private SlabCacheRegistry() {}

  private static final class Ref extends WeakReference<ManagedCache> {
    final String name;

    Ref(ManagedCache cache) {
      super(cache, COLLECTED);
      this.name = cache.name();
    }
  }

  /**
   * Checks a cache name: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}, starting
   * with a letter or digit (so it can be used unquoted in a JMX object name).
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid cache name '" + name + "': use 1 to 64 letters,"
          + " digits, '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  /** The live caches, in no particular order. */
  public static List<ManagedCache> caches() {
    expunge();
    List<ManagedCache> live = new ArrayList<>();
    for (Ref ref : CACHES.values()) {
      ManagedCache cache = ref.get();
      if (cache != null && !cache.isDestroyed()) {
        live.add(cache);
      }
    }
    return live;
  }

  /** The live cache with this name. */
  public static Optional<ManagedCache> find(String name) {
    expunge();
    Ref ref = CACHES.get(name);
    ManagedCache cache = ref == null ? null : ref.get();
    return cache == null || cache.isDestroyed() ? Optional.empty() : Optional.of(cache);
  }

  /**
   * Adds a listener. It hears about caches built from now on; call {@link #caches()} afterwards
   * to catch up with the ones already there (a cache may then be reported twice).
   */
  public static void addListener(Listener listener) {
    LISTENERS.add(listener);
  }

  /** Removes a listener. */
  public static void removeListener(Listener listener) {
    LISTENERS.remove(listener);
  }

  /**
   * Lists a cache. {@link SlabCache} and {@link KeyedCache} call this when they are built.
   *
   * @throws IllegalArgumentException if a live cache has the same name
   */
  static void register(ManagedCache cache) {
    checkName(cache.name());
    expunge();
    Ref fresh = new Ref(cache);
    Ref previous = CACHES.putIfAbsent(cache.name(), fresh);
    while (previous != null) {
      ManagedCache other = previous.get();
      if (other != null && !other.isDestroyed()) {
        throw new IllegalArgumentException("a cache named '" + cache.name() + "' already exists");
      }
      if (CACHES.replace(cache.name(), previous, fresh)) {
        break;
      }
      previous = CACHES.putIfAbsent(cache.name(), fresh);
    }
    for (Listener l : LISTENERS) {
      notify(() -> l.added(cache), l);
    }
  }

  /** Removes a cache from the list, when it is destroyed. */
  static void deregister(ManagedCache cache) {
    Ref ref = CACHES.get(cache.name());
    if (ref != null && ref.get() == cache && CACHES.remove(cache.name(), ref)) {
      fireRemoved(cache.name());
    }
  }

  /**
   * Tells the listeners that a cache starts a reclaim; called by every reclaim policy before its
   * work, which then ends with {@link #reclaimed(ReclaimResult)} whatever happens.
   */
  static void reclaiming(String cache, ReclaimResult.Cause cause) {
    for (Listener l : LISTENERS) {
      notify(() -> l.reclaiming(cache, cause), l);
    }
  }

  /** Tells the listeners that a cache ran a reclaim; called by the cache, after the reclaim. */
  static void reclaimed(ReclaimResult result) {
    for (Listener l : LISTENERS) {
      notify(() -> l.reclaimed(result), l);
    }
  }

  private static void fireRemoved(String name) {
    for (Listener l : LISTENERS) {
      notify(() -> l.removed(name), l);
    }
  }

  private static void expunge() {
    for (Object r; (r = COLLECTED.poll()) != null; ) {
      Ref ref = (Ref) r;
      if (CACHES.remove(ref.name, ref)) {
        fireRemoved(ref.name);
      }
    }
  }

  // A faulty listener must not break the cache operation that notified it.
  private static void notify(Runnable call, Listener l) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "slabpool registry listener " + l + " failed", e);
    }
  }
}
