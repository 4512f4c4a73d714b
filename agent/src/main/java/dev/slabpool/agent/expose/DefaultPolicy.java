package dev.slabpool.agent.expose;

import dev.slabpool.ManagedCache;
import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.agent.AgentLog;

/**
 * The {@code policy=} agent argument: sets a reclaim policy on every keyed cache, those that exist
 * and those built later, as they appear in the registry. The registry calls {@link #added} on the
 * thread that builds the cache, an application thread: nothing thrown there reaches it.
 */
final class DefaultPolicy implements SlabCacheRegistry.Listener {
  private volatile ReclaimPolicy policy;

  DefaultPolicy(ReclaimPolicy policy) {
    this.policy = policy;
  }

  /** Starts applying the policy: to the caches present, then to each new one. */
  void start() {
    SlabCacheRegistry.addListener(this);
    SlabCacheRegistry.caches().forEach(this::added);
  }

  /** Changes the policy applied from now on, and applies it to the caches present. */
  void change(ReclaimPolicy next) {
    policy = next;
    SlabCacheRegistry.caches().forEach(this::added);
  }

  @Override
  public void added(ManagedCache cache) {
    try {
      ReclaimPolicy p = policy;
      if (cache.isKeyed() && cache.policy() != p) {
        cache.policy(p);
      }
    } catch (Throwable t) {
      AgentLog.warn("could not set reclaim policy '" + policy.id() + "' on cache '"
          + cache.name() + "'", t);
    }
  }
}
