package dev.slabpool.jmx;

import dev.slabpool.ManagedCache;
import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabCacheRegistry;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The {@code policy} setting ({@link dev.slabpool.jmx.settings.Settings#POLICY}): sets a reclaim
 * policy on every keyed cache, those that exist and those built later, as they appear in the
 * registry, overriding the policy their builder gave. The registry reports a new cache on the
 * thread that builds it, an application thread: a cache that refuses the policy is reported to
 * the warning sink, and nothing reaches that thread.
 *
 * <pre>{@code
 * DefaultPolicy policy = new DefaultPolicy(ReclaimPolicy.SLAB, (message, failure) -> log(message));
 * policy.start();
 * }</pre>
 */
public final class DefaultPolicy implements AutoCloseable {
  private final BiConsumer<String, Throwable> warn;
  private volatile ReclaimPolicy policy;
  private final SlabCacheRegistry.Listener listener = new SlabCacheRegistry.Listener() {
    @Override
    public void added(ManagedCache cache) {
      apply(cache);
    }
  };

  /**
   * A default policy, applied once {@link #start()} is called.
   *
   * @param warn receives a message naming the cache and the policy, and the failure, when a cache
   *     refuses the policy
   */
  public DefaultPolicy(ReclaimPolicy policy, BiConsumer<String, Throwable> warn) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.warn = Objects.requireNonNull(warn, "warn");
  }

  /** Starts applying the policy: to the caches present, then to each new one. */
  public void start() {
    SlabCacheRegistry.addListener(listener);
    SlabCacheRegistry.caches().forEach(this::apply);
  }

  /** Changes the policy applied from now on, and applies it to the caches present. */
  public void change(ReclaimPolicy next) {
    policy = Objects.requireNonNull(next, "policy");
    SlabCacheRegistry.caches().forEach(this::apply);
  }

  /** The policy applied to keyed caches. */
  public ReclaimPolicy policy() {
    return policy;
  }

  /** Stops applying the policy to new caches; caches keep the policy they have. */
  @Override
  public void close() {
    SlabCacheRegistry.removeListener(listener);
  }

  private void apply(ManagedCache cache) {
    ReclaimPolicy p = policy;
    try {
      if (cache.policies().contains(p) && cache.policy() != p) {
        cache.policy(p);
      }
    } catch (Throwable t) {
      warn.accept("could not set reclaim policy '" + p.id() + "' on cache '" + cache.name()
          + "'", t);
    }
  }
}
