package dev.slabpool;

/**
 * Moves a cached, unused object into another slot, so that compaction and reclaim can empty a
 * slab without evicting what it holds: the answer of illumos's {@code kmem_cache_set_move}
 * callback, given to a {@link SlabCache} at build time ({@link SlabCache.Builder#mover}).
 *
 * <p>The cache calls {@link #move} with no lock held, with {@code from} claimed (refcount 0:
 * nobody can take a reference to it until the answer) and {@code to} a fresh object in a slot of
 * a denser slab, held for the mover with refcount 2 exactly as {@link SlabCache#allocate()} hands
 * one out, its payload bytes already a copy of {@code from}'s. To move, the mover copies the rest
 * of the state across, makes every reference the program keeps point at {@code to}, releases
 * {@code to} ({@link SlabCache#release}) and answers {@link Answer#MOVED}; the cache then frees
 * {@code from}'s slot. For any other answer the mover leaves both as they were: the cache frees
 * {@code to} and puts {@code from} back to refcount 1, where it was. A mover that throws is
 * counted as {@link Answer#DONT_KNOW}; nothing is lost. Every answer is counted in
 * {@link SlabCacheStats#moves()}.
 *
 * <p>A mover must not take a reference to {@code from} and must not block on work that waits for
 * the cache's reclaim (another compaction or reclaim of the same arena waits for it).
 *
 * @param <T> the pooled type
 */
@FunctionalInterface
public interface Mover<T> {

  /** What became of one request to move. */
  enum Answer {
    /** Moved: {@code to} holds the state and every reference; {@code from}'s slot is freed. */
    MOVED,
    /** The program no longer needs {@code from} (it was dropped meanwhile): its slot is freed. */
    DONT_NEED,
    /** Not now (the object is busy): it stays, and a later compaction asks again. */
    LATER,
    /**
     * Never: the object must stay where it is, and pins its slab. Compaction passes the slab by
     * until one of its objects is freed.
     */
    NEVER,
    /** The program cannot tell whether it still uses the object: it stays where it is. */
    DONT_KNOW
  }

  /**
   * Moves {@code from} into {@code to}, or says why not.
   *
   * @param from the object to move, claimed (refcount 0)
   * @param to its new place, refcount 2 held for the mover, payload copied
   * @return what became of it
   */
  Answer move(T from, T to);
}
