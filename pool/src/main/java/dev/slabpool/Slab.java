package dev.slabpool;

import java.nio.ByteBuffer;
import java.util.function.Predicate;

/**
 * A block of {@code objectsPerSlab} slots and, when the cache has one, their payload block. All
 * mutable fields are guarded by the lock of the slab's {@link Arena}.
 */
final class Slab {
  final Arena arena;
  /** Build order within the cache: smaller is older. */
  final long serial;
  final Object[] objects;
  /**
   * Whether each slot is allocated (handed out, cached, parked on a free list or in a thread's
   * cache, or being freed).
   */
  final boolean[] allocatedSlot;
  /** Stack of free slot indices. */
  final int[] freeSlots;
  int freeCount;
  /** Slots not on {@link #freeSlots}. */
  int allocated;
  /** Index of the arena list holding this slab, or {@link Arena#RELEASED}. */
  int list = Arena.RELEASED;
  Slab prev;
  Slab next;
  /**
   * Whether the cache's mover answered {@link Mover.Answer#NEVER} for one of its objects: compaction
   * passes it by until a slot of it is freed.
   */
  boolean immovable;
  /** The reclaim pass that last looked at this slab, so one call looks at each slab once. */
  long visitedBy;
  /** The direct payload block, or {@code null}. */
  final DirectMemory.Block direct;
  /** The payload block, heap or direct: slot {@code i} is at {@code i * objectSize}; or null. */
  final ByteBuffer block;

  Slab(Arena arena, long serial, int objectsPerSlab, DirectMemory.Block direct,
      ByteBuffer block) {
    this.arena = arena;
    this.serial = serial;
    this.objects = new Object[objectsPerSlab];
    this.allocatedSlot = new boolean[objectsPerSlab];
    this.freeSlots = new int[objectsPerSlab];
    this.direct = direct;
    this.block = block;
    // Hand out low slots first: pop from the end of the stack.
    for (int i = 0; i < objectsPerSlab; i++) {
      freeSlots[i] = objectsPerSlab - 1 - i;
    }
    this.freeCount = objectsPerSlab;
  }

  /**
   * Allocated objects in use or cached (refcount above 0). Objects parked on a free list or in a
   * thread's cache, and objects being freed, have refcount 0 and do not count. Thread caches are
   * filled and emptied without the arena lock, so under it this is a racy snapshot: exact only
   * when no thread frees or allocates meanwhile, which is all statistics need.
   */
  int active() {
    int active = 0;
    for (int i = 0; i < objects.length; i++) {
      if (allocatedSlot[i] && ((Pooled) objects[i]).slabpoolRefcount() != 0) {
        active++;
      }
    }
    return active;
  }

  /** Active objects that {@code test} accepts; a racy snapshot like {@link #active()}. */
  int count(Predicate<Object> test) {
    int count = 0;
    for (int i = 0; i < objects.length; i++) {
      if (allocatedSlot[i] && ((Pooled) objects[i]).slabpoolRefcount() != 0
          && test.test(objects[i])) {
        count++;
      }
    }
    return count;
  }

  /** Objects in use (refcount above 1); a racy snapshot like {@link #active()}. */
  int pinned() {
    int pinned = 0;
    for (Object o : objects) {
      if (((Pooled) o).slabpoolRefcount() > 1) {
        pinned++;
      }
    }
    return pinned;
  }
}
