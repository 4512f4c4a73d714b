package dev.slabpool.jmx.jfr;

import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCacheRegistry;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns each reclaim the registry reports into a reclaim event that spans it: begun when the
 * reclaim starts, committed with its result when it ends, on the reclaiming thread; a
 * {@link MemoryCapReclaimEvent} for a reclaim at the memory cap, a {@link ReclaimEvent} for any
 * other.
 */
final class ReclaimRecorder implements SlabCacheRegistry.Listener {

  /** A reclaim that started, and its event (null when that event type is off). */
  private record Begun(String cache, SlabReclaimEvent event) {}

  /** The reclaims started on this thread and not ended, innermost first (they can nest). */
  private final ThreadLocal<Deque<Begun>> begun = ThreadLocal.withInitial(ArrayDeque::new);

  private static SlabReclaimEvent eventFor(ReclaimResult.Cause cause) {
    return cause == ReclaimResult.Cause.MEMORY_CAP ? new MemoryCapReclaimEvent()
        : new ReclaimEvent();
  }

  @Override
  public void reclaiming(String cache, ReclaimResult.Cause cause) {
    SlabReclaimEvent e = eventFor(cause);
    if (e.isEnabled()) {
      e.begin();
      begun.get().push(new Begun(cache, e));
    } else {
      begun.get().push(new Begun(cache, null));
    }
  }

  @Override
  public void reclaimed(ReclaimResult result) {
    Deque<Begun> started = begun.get();
    Begun b = started.peek();
    SlabReclaimEvent e;
    if (b != null && b.cache().equals(result.cache())) {
      started.pop();
      e = b.event();
    } else {
      // Installed while this reclaim ran: its start was missed, so the event has no duration.
      e = eventFor(result.cause());
    }
    if (e == null) {
      return;
    }
    e.end();
    if (e.shouldCommit()) {
      e.cache = result.cache();
      e.policy = result.policy().id();
      e.cause = result.cause().name();
      e.slabsFreed = result.slabsFreed();
      e.objectsFreed = result.objectsFreed();
      e.objectsScanned = result.objectsScanned();
      e.reclaimDuration = result.nanos();
      e.commit();
    }
  }
}
