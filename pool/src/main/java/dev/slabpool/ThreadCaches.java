package dev.slabpool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The {@link ThreadCache}s of one slab cache: each thread's own, found through a thread-local, and
 * the registry of all of them, through which reclaim, shrink and destroy drain other threads'
 * caches.
 *
 * <p>Nothing here keeps a thread or the slab cache alive. The registry holds each cache strongly
 * (its objects must stay reachable for drains after its thread dies) and its thread weakly; the
 * thread-local holds its cache weakly, because a cached object reaches its slab and so the slab
 * cache, which must stay collectable when dropped without {@code destroy()}. The caches of dead
 * threads are removed, once drained, whenever the registry has doubled since the last such pass,
 * and by {@code shrink()}: thread churn cannot grow it without bound.
 *
 * <p>Virtual threads get no cache: they are many and short-lived, so a cache each would mostly
 * strand objects and make every thread's first free register in the shared registry.
 */
final class ThreadCaches {
  /** Registry size below which dead threads' caches are left until {@code shrink()}. */
  static final int PRUNE_MIN = 64;
  /** What the thread-local of a thread without a cache holds. */
  private static final WeakReference<ThreadCache> NONE = new WeakReference<>(null);
  /** {@code Thread.isVirtual()} (JDK 21+), or {@code null} on a JDK without virtual threads. */
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

  /** Whether the slab cache is destroyed: a thread that comes after that gets no cache. */
  private final BooleanSupplier destroyed;
  /** The slab cache's arenas (the array is filled after this is built). */
  private final Arena[] arenas;
  private final int capacity;
  /** Each thread's cache, held weakly (see the class comment). */
  private final ThreadLocal<WeakReference<ThreadCache>> local = new ThreadLocal<>();
  private final Set<ThreadCache> all = ConcurrentHashMap.newKeySet();
  private volatile int pruneAt = PRUNE_MIN;

  ThreadCaches(BooleanSupplier destroyed, Arena[] arenas, int capacity) {
    this.destroyed = destroyed;
    this.arenas = arenas;
    this.capacity = capacity;
  }

  /**
   * The calling thread's cache, made on its first call; {@code null} for a virtual thread, or a
   * thread whose first call came after {@code destroy()}.
   */
  ThreadCache mine() {
    WeakReference<ThreadCache> ref = local.get();
    return ref != null ? ref.get() : register();
  }

  private ThreadCache register() {
    Thread t = Thread.currentThread();
    if (isVirtual(t) || destroyed.getAsBoolean()) {
      local.set(NONE);
      return null;
    }
    ThreadCache tc = new ThreadCache(t, capacity);
    all.add(tc);
    local.set(new WeakReference<>(tc));
    if (all.size() >= pruneAt) {
      pruneDeadThreads();
    }
    return tc;
  }

  /** Returns every cached object of arena {@code a} to its slab; caller holds a's lock. */
  void drainLocked(Arena a) {
    for (ThreadCache tc : all) {
      a.drainLocked(tc);
    }
  }

  /** Drains and removes the caches of threads that have ended; takes each arena lock in turn. */
  void pruneDeadThreads() {
    for (ThreadCache tc : all) {
      if (tc.ownerDead() && all.remove(tc)) {
        for (Arena a : arenas) {
          a.lock.lock();
          try {
            a.drainLocked(tc);
          } finally {
            a.lock.unlock();
          }
        }
      }
    }
    pruneAt = Math.max(PRUNE_MIN, 2 * all.size());
  }

  /** Racy read of every cached object, for checks; adds them to {@code out}. */
  void cachedObjects(List<Object> out) {
    for (ThreadCache tc : all) {
      tc.cachedObjects(out);
    }
  }

  /** Number of registered caches. */
  int size() {
    return all.size();
  }

  private static boolean isVirtual(Thread t) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(t);
    } catch (Throwable e) {
      throw new IllegalStateException("Thread.isVirtual failed", e);
    }
  }

  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
          MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // before JDK 21: every thread is a platform thread
    }
  }
}
