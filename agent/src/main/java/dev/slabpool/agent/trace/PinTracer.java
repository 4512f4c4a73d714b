package dev.slabpool.agent.trace;

import dev.slabpool.ManagedCache;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.agent.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Pin tracing: which call sites hold the references that keep objects pinned (refcount above 1)
 * and their slabs from being reclaimed. See {@link PinTracerMXBean} for the operator's view.
 *
 * <p>{@link #taken} and {@link #released} are called by the code {@link TraceAdvice} inlines into
 * {@code SlabCache}, on the application's threads: they never throw, and cost nothing when that
 * code is not there, which is whenever no cache is traced.
 *
 * <p>References are anonymous (a refcount), so when one is dropped the tracer guesses whose it
 * was: the newest one the releasing thread took on that object, else the oldest one. Scoped use
 * (take, use, release on one thread) is attributed exactly; a reference handed to another thread
 * to release may be matched to another holder of the same object.
 */
public final class PinTracer implements PinTracerMXBean {

  /** The name that selects every cache. */
  public static final String ALL = "*";

  private static final LongAdder HOOK_CALLS = new LongAdder();
  private static volatile PinTracer current;

  private final Instrumentation instrumentation;
  /** Created when tracing is first turned on: loading it loads Byte Buddy. */
  private SlabCacheInstrumentation code;
  private final ConcurrentHashMap<String, CacheTrace> traces = new ConcurrentHashMap<>();
  /** What is traced; replaced as a whole, read by the hooks without locking. */
  private volatile Selection selection = Selection.NONE;
  private volatile int callSiteDepth = 1;
  private volatile boolean failureReported;

  private record Selection(boolean all, Set<String> names) {
    static final Selection NONE = new Selection(false, Set.of());

    boolean isEmpty() {
      return !all && names.isEmpty();
    }

    boolean includes(String cache) {
      return all || names.contains(cache);
    }
  }

  private PinTracer(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  /**
   * Creates the JVM's tracer: the one the instrumented code reports to. Its records of a cache
   * are dropped when the cache goes away.
   */
  public static synchronized PinTracer install(Instrumentation instrumentation) {
    if (current == null) {
      PinTracer tracer = new PinTracer(instrumentation);
      SlabCacheRegistry.addListener(new SlabCacheRegistry.Listener() {
        @Override
        public void removed(String name) {
          tracer.traces.remove(name);
        }
      });
      current = tracer;
    }
    return current;
  }

  // ---- hooks, called by the instrumented SlabCache ---------------------------------------------

  /** A reference on {@code object} of {@code cache} was taken. */
  public static void taken(String cache, Object object) {
    HOOK_CALLS.increment();
    PinTracer tracer = current;
    if (tracer != null) {
      tracer.record(cache, object, true);
    }
  }

  /** A reference on {@code object} of {@code cache} was dropped. */
  public static void released(String cache, Object object) {
    HOOK_CALLS.increment();
    PinTracer tracer = current;
    if (tracer != null) {
      tracer.record(cache, object, false);
    }
  }

  private void record(String cache, Object object, boolean taken) {
    try {
      Selection s = selection;
      if (!s.includes(cache)) {
        return;
      }
      CacheTrace trace = traces.computeIfAbsent(cache, n -> new CacheTrace());
      if (taken) {
        trace.taken(object, new Hold(CallSites.capture(callSiteDepth),
            Thread.currentThread().getName(), Thread.currentThread().getId(), System.nanoTime()));
      } else {
        trace.released(object, Thread.currentThread().getId());
      }
    } catch (Throwable t) {
      // On the application's thread: report once, never throw.
      if (!failureReported) {
        failureReported = true;
        AgentLog.warn("pin tracing failed on cache '" + cache + "'; the application is not"
            + " affected", t);
      }
    }
  }

  // ---- switch --------------------------------------------------------------------------------

  /**
   * Traces the given caches (or every cache), without checking that they exist yet: used for the
   * {@code trace=} agent argument, given before the application builds its caches.
   */
  public synchronized void trace(boolean all, Set<String> names) {
    Selection s = selection;
    Set<String> more = new HashSet<>(s.names());
    more.addAll(names);
    select(new Selection(s.all() || all, Set.copyOf(more)));
  }

  @Override
  public synchronized void enable(String cache) {
    if (ALL.equals(cache)) {
      trace(true, Set.of());
      return;
    }
    requireCache(cache);
    trace(false, Set.of(cache));
  }

  @Override
  public synchronized void disable(String cache) {
    Selection s = selection;
    Selection next;
    if (ALL.equals(cache)) {
      next = Selection.NONE;
    } else {
      requireCache(cache);
      Set<String> fewer = new HashSet<>(s.all() ? cacheNames() : s.names());
      fewer.remove(cache);
      next = new Selection(false, Set.copyOf(fewer));
    }
    select(next);
    traces.keySet().removeIf(name -> !next.includes(name));
  }

  private void select(Selection next) {
    if (next.isEmpty()) {
      selection = next;
      if (code != null) {
        code.remove();
      }
      traces.clear();
      return;
    }
    if (code == null) {
      code = new SlabCacheInstrumentation(instrumentation);
    }
    code.install();
    selection = next;
  }

  @Override
  public String[] getTracedCaches() {
    Selection s = selection;
    return s.all() ? new String[] {ALL} : new TreeSet<>(s.names()).toArray(String[]::new);
  }

  @Override
  public synchronized boolean isInstrumented() {
    return code != null && code.isInstalled();
  }

  @Override
  public long getHookCalls() {
    return HOOK_CALLS.sum();
  }

  @Override
  public int getCallSiteDepth() {
    return callSiteDepth;
  }

  @Override
  public void setCallSiteDepth(int frames) {
    if (frames < 1 || frames > 32) {
      throw new IllegalArgumentException("call site depth must be from 1 to 32: " + frames);
    }
    callSiteDepth = frames;
  }

  // ---- reports -------------------------------------------------------------------------------

  @Override
  public List<CallSiteCount> topCallSites(String cache, int limit) {
    Map<String, Long> counts = new HashMap<>();
    traced(cache).forEachHold((object, hold) -> counts.merge(hold.site(), 1L, Long::sum));
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(checkLimit(limit))
        .map(e -> new CallSiteCount(e.getKey(), e.getValue()))
        .collect(Collectors.toList());
  }

  @Override
  public List<Holder> oldestHolders(String cache, int limit) {
    record Held(Object object, Hold hold) {}
    List<Held> all = new ArrayList<>();
    traced(cache).forEachHold((object, hold) -> all.add(new Held(object, hold)));
    long now = System.nanoTime();
    return all.stream()
        .sorted(Comparator.comparingLong(h -> h.hold().since()))
        .limit(checkLimit(limit))
        .map(h -> new Holder(h.hold().site(), h.hold().thread(),
            TimeUnit.NANOSECONDS.toMillis(now - h.hold().since()), describe(h.object())))
        .collect(Collectors.toList());
  }

  @Override
  public String report(String cache, int limit) {
    CacheTrace trace = traced(cache);
    List<CallSiteCount> sites = topCallSites(cache, limit);
    List<Holder> oldest = oldestHolders(cache, limit);
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "pin trace of cache '%s': traced for %.1f s, %d"
            + " references held by traced call sites, %d releases of references taken before"
            + " tracing began%n", cache,
        (System.nanoTime() - trace.since) / 1e9, trace.holdCount(), trace.untracked.sum()));
    out.append(String.format(Locale.ROOT, "%nTOP CALL SITES HOLDING REFERENCES%n%10s  %s%n",
        "REFERENCES", "CALL SITE"));
    for (CallSiteCount c : sites) {
      out.append(String.format(Locale.ROOT, "%10d  %s%n", c.getReferences(), c.getCallSite()));
    }
    out.append(String.format(Locale.ROOT, "%nOLDEST HOLDERS%n%10s  %-20s %-28s %s%n", "AGE(ms)",
        "THREAD", "OBJECT", "CALL SITE"));
    for (Holder h : oldest) {
      out.append(String.format(Locale.ROOT, "%10d  %-20s %-28s %s%n", h.getAgeMillis(),
          h.getThread(), h.getObject(), h.getCallSite()));
    }
    return out.toString();
  }

  private CacheTrace traced(String cache) {
    if (!selection.includes(cache)) {
      requireCache(cache);
      throw new IllegalArgumentException("cache '" + cache + "' is not traced (traced: "
          + String.join(", ", getTracedCaches()) + "); turn tracing on first");
    }
    CacheTrace trace = traces.get(cache);
    return trace != null ? trace : new CacheTrace();
  }

  private static int checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    return limit;
  }

  private static void requireCache(String cache) {
    if (cache == null || SlabCacheRegistry.find(cache).isEmpty()) {
      throw new IllegalArgumentException("no cache named '" + cache + "' (caches: "
          + String.join(", ", new TreeSet<>(cacheNames())) + ")");
    }
  }

  private static Set<String> cacheNames() {
    return SlabCacheRegistry.caches().stream().map(ManagedCache::name)
        .collect(Collectors.toSet());
  }

  private static String describe(Object o) {
    return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o));
  }

  // ---- records -------------------------------------------------------------------------------

  /** One reference taken while tracing: where, by which thread, when ({@link System#nanoTime}). */
  record Hold(String site, String thread, long threadId, long since) {}

  /** A pooled object as a map key: by identity, whatever its equals says. */
  private record Identity(Object object) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity other && other.object == object;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(object);
    }
  }

  /** The references held on one cache's objects. Each object's holds are an immutable array. */
  private static final class CacheTrace {
    final long since = System.nanoTime();
    final ConcurrentHashMap<Identity, Hold[]> holds = new ConcurrentHashMap<>();
    final LongAdder untracked = new LongAdder();

    void taken(Object object, Hold hold) {
      holds.merge(new Identity(object), new Hold[] {hold}, (old, one) -> {
        Hold[] more = Arrays.copyOf(old, old.length + 1);
        more[old.length] = hold;
        return more;
      });
    }

    void released(Object object, long threadId) {
      boolean[] found = {false};
      holds.computeIfPresent(new Identity(object), (key, old) -> {
        found[0] = true;
        int drop = 0; // the oldest, unless the releasing thread took one (its newest then)
        for (int i = old.length - 1; i >= 0; i--) {
          if (old[i].threadId() == threadId) {
            drop = i;
            break;
          }
        }
        if (old.length == 1) {
          return null;
        }
        Hold[] fewer = new Hold[old.length - 1];
        System.arraycopy(old, 0, fewer, 0, drop);
        System.arraycopy(old, drop + 1, fewer, drop, old.length - drop - 1);
        return fewer;
      });
      if (!found[0]) {
        untracked.increment();
      }
    }

    void forEachHold(java.util.function.BiConsumer<Object, Hold> action) {
      holds.forEach((id, list) -> {
        for (Hold h : list) {
          action.accept(id.object(), h);
        }
      });
    }

    long holdCount() {
      long[] n = {0};
      holds.forEach((id, list) -> n[0] += list.length);
      return n[0];
    }
  }
}
