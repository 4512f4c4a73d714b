package dev.slabpool.bench.agent;

import dev.slabpool.KeyedCache;
import dev.slabpool.SlabCache;

/**
 * The program whose start-up the agent section times, from {@code java} to its exit: builds a
 * keyed cache and uses it; with {@code --woven}, also a slab cache of {@link WovenLease}, a
 * {@code @PooledType} class, which makes the agent weave it (and so load Byte Buddy). Without the
 * agent, {@code --woven} fails: the class has no refcount.
 */
public final class StartupProbe {
  private StartupProbe() {}

  public static void main(String[] args) {
    KeyedCache<Integer, String> cache = KeyedCache.<Integer, String>builder("probe")
        .loader(k -> "v" + k).build();
    for (int k = 0; k < 1000; k++) {
      cache.release(cache.lookup(k));
    }
    if (args.length > 0 && args[0].equals("--woven")) {
      useWovenClass();
    }
  }

  /** Apart from main, so that {@link WovenLease} is loaded here and only with {@code --woven}. */
  private static void useWovenClass() {
    SlabCache<WovenLease> leases = SlabCache.builder("probe-leases", WovenLease::new).build();
    leases.release(leases.allocate());
  }
}
