package dev.slabpool;

/**
 * The allocation path of one cache: the calling thread's cache of objects it freed (no lock),
 * else the home arena's free list, else its fullest partial slab, else a free slab, else a new
 * slab; at the memory cap, the other arenas, then room made by the cache's reclaim policy.
 *
 * @param <T> the pooled type
 */
final class Allocator<T> {
  /** Rounds of making room an allocation at the cap tries before it gives up. */
  private static final int MAX_ROOM_ATTEMPTS = 8;

  private final Slabs<T> slabs;

  Allocator(Slabs<T> slabs) {
    this.slabs = slabs;
  }

  /**
   * A free slot's object (refcount 0), now the caller's.
   *
   * @param policy makes room at the memory cap
   */
  Object allocate(Reclaimer policy) {
    Object o = fromThreadCache();
    return o != null ? o : allocateSlot(policy);
  }

  /** An object from the calling thread's cache, or {@code null}. */
  private Object fromThreadCache() {
    if (slabs.threadCaches == null || slabs.destroyed) {
      return null; // a destroyed cache: allocateSlot() says so
    }
    ThreadCache tc = slabs.threadCaches.mine();
    return tc == null ? null : tc.take();
  }

  private Object allocateSlot(Reclaimer policy) {
    Arena home = slabs.home();
    boolean noRoomMade = false;
    for (int attempt = 0; ; attempt++) {
      Object o = slabs.take(home);
      if (o != null) {
        return o;
      }
      if (slabs.reserveSlab()) {
        Slab s;
        try {
          s = slabs.buildSlab(home);
        } catch (RuntimeException | Error e) {
          slabs.unreserveSlab();
          throw e;
        }
        return slabs.adopt(home, s);
      }
      for (Arena a : slabs.arenas) {
        if (a != home && (o = slabs.take(a)) != null) {
          return o;
        }
      }
      if (attempt == MAX_ROOM_ATTEMPTS) {
        throw fullException();
      }
      if (makeRoom(policy)) {
        noRoomMade = false;
      } else if (noRoomMade) {
        throw fullException();
      } else {
        // This thread's reclaim found nothing, but another thread may have given room back
        // meanwhile (its reclaim or evict finished while ours waited): look once more.
        noRoomMade = true;
      }
    }
  }

  private boolean makeRoom(Reclaimer policy) {
    if (slabs.reclaimable) {
      return policy.makeRoom();
    }
    // Free objects may sit in other threads' caches, which only a drain hands back.
    if (slabs.threadCaches == null) {
      return false;
    }
    slabs.drainFreeLists();
    return true;
  }

  /** Says why no room could be made, from the objects' states at the time of the failure. */
  private SlabCacheFullException fullException() {
    SlabCacheStats s = Census.stats(slabs, ReclaimPolicy.SLAB);
    long unused = s.activeObjects() - s.pinnedObjects();
    String why;
    if (unused == 0) {
      why = "every cached object is in use (" + s.pinnedObjects() + " of " + s.totalObjects()
          + ")";
    } else if (!slabs.reclaimable) {
      why = unused + " objects are cached and unused, but the cache has no RECLAIM flag, so the"
          + " allocator may not free them";
    } else if (slabs.circulation == 0) {
      why = unused + " objects are cached and unused, but each shares its slab with one in use,"
          + " and with circulation 0 reclaim frees no object out of a slab it cannot free whole"
          + " (raise circulation, or release more objects)";
    } else {
      why = unused + " objects are cached and unused, but the destructor declined to free them ("
          + s.destructorRefusals() + " refusals so far)";
    }
    // Not atSharedCap(): the budget may have room again by now, and the message is about then.
    String cap = slabs.budget != null && slabs.slabCount() < slabs.memoryCap
        ? "the memory cap its payload cache shares among its size classes ("
            + slabs.budget.cap() + " slabs)"
        : "its memory cap of " + slabs.memoryCap + " slabs";
    return new SlabCacheFullException("cache '" + slabs.name + "' is at " + cap
        + " and no room could be made: " + why);
  }
}
