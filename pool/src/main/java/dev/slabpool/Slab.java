package dev.slabpool;

/**
 * A block of {@code objectsPerSlab} slots and, when the cache has one, their payload block. All
 * mutable fields are guarded by the lock of the slab's {@link Arena}.
 */
final class Slab {
  final Arena arena;
  /** Build order within the cache: smaller is older. */
  final long serial;
  final Object[] objects;
  /** Whether each slot is allocated (handed out, parked on the free list, or being freed). */
  final boolean[] allocatedSlot;
  /** Stack of free slot indices. */
  final int[] freeSlots;
  int freeCount;
  /** Slots not on {@link #freeSlots}. */
  int allocated;
  /** Of {@link #allocated}, objects parked on the arena's free list. */
  int parked;
  /** Index of the arena list holding this slab, or {@link Arena#RELEASED}. */
  int list = Arena.RELEASED;
  Slab prev;
  Slab next;
  /** The reclaim pass that last looked at this slab, so one call looks at each slab once. */
  long visitedBy;
  /** The direct payload block, or {@code null}. */
  final DirectMemory.Block direct;

  Slab(Arena arena, long serial, int objectsPerSlab, DirectMemory.Block direct) {
    this.arena = arena;
    this.serial = serial;
    this.objects = new Object[objectsPerSlab];
    this.allocatedSlot = new boolean[objectsPerSlab];
    this.freeSlots = new int[objectsPerSlab];
    this.direct = direct;
    // Hand out low slots first: pop from the end of the stack.
    for (int i = 0; i < objectsPerSlab; i++) {
      freeSlots[i] = objectsPerSlab - 1 - i;
    }
    this.freeCount = objectsPerSlab;
  }

  int active() {
    return allocated - parked;
  }
}
