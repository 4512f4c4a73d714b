package dev.slabpool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * One thread's cache of free objects of one slab cache, in front of the arenas: the JVM analog of
 * the kernel's per-CPU array caches. Its owner thread puts the objects it frees here and takes
 * them back when it allocates, without any lock; any thread may drain it (reclaim, shrink,
 * destroy, or the owner's death).
 *
 * <p>Every object in a slot has refcount 0 and an allocated slot in its slab, like an object on an
 * arena's free list: nobody can take a reference on it (increment-if-not-zero fails, the free
 * path's claim expects 1), so whoever removes it from the slot owns it.
 *
 * <p>The handoff, and why it is safe. Only the owner writes an object into a slot, and it does so
 * with a release store after its compare-and-set of the refcount 2 to 0; every removal is an
 * atomic read-modify-write of the slot: {@code getAndSet(null)} by the owner, {@code
 * compareAndSet(o, null)} by a drainer. Those are totally ordered on the slot, so exactly one
 * remover gets the object; a drainer that gets it has read the owner's release store, so it also
 * sees refcount 0, and it returns the slot to its slab under the arena lock, which publishes it to
 * the next allocator. An owner that gets it sets the refcount 0 to 2 itself, which cannot fail.
 * A drainer's compare-and-set may succeed on an object that the owner took and put back meanwhile
 * (ABA): harmless, since a slot holding {@code o} always means that {@code o} is free and parked
 * here.
 */
final class ThreadCache {
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

  /** Weak, so that the registry does not keep dead threads; a cleared one is a dead thread. */
  private final WeakReference<Thread> owner;
  private final Object[] slots;
  /** Owner only: every slot at or above it is {@code null} (drainers only empty slots). */
  private int top;

  ThreadCache(Thread owner, int capacity) {
    this.owner = new WeakReference<>(owner);
    this.slots = new Object[capacity];
  }

  /** Owner only: takes the object cached last, or {@code null} when none is left. */
  Object take() {
    while (top > 0) {
      Object o = (Object) SLOTS.getAndSet(slots, --top, (Object) null);
      if (o != null) {
        return o;
      }
    }
    return null;
  }

  /**
   * Owner only: caches a free object (refcount 0, set by the caller).
   *
   * @return {@code false} when the cache is full
   */
  boolean put(Object o) {
    // Slots drained from the top are free again.
    while (top == slots.length && top > 0 && SLOTS.getAcquire(slots, top - 1) == null) {
      top--;
    }
    if (top == slots.length) {
      return false;
    }
    SLOTS.setRelease(slots, top++, o);
    return true;
  }

  /** Any thread: removes the object of slot {@code i} if it lives in arena {@code a}. */
  Object steal(int i, Arena a) {
    Object o = SLOTS.getAcquire(slots, i);
    return o != null && Slot.of(o).slab.arena == a
        && SLOTS.compareAndSet(slots, i, o, (Object) null) ? o : null;
  }

  /** Number of slots, for drainers. */
  int capacity() {
    return slots.length;
  }

  /** Whether the owner thread has ended (or was collected). */
  boolean ownerDead() {
    Thread t = owner.get();
    return t == null || !t.isAlive();
  }

  /** Racy read of the cached objects, for statistics checks; adds them to {@code out}. */
  void cachedObjects(List<Object> out) {
    for (int i = 0; i < slots.length; i++) {
      Object o = SLOTS.getAcquire(slots, i);
      if (o != null) {
        out.add(o);
      }
    }
  }
}
