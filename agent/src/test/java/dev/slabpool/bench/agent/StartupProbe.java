package dev.slabpool.bench.agent;

import dev.slabpool.SlabCache;
import dev.slabpool.keyed.KeyedCache;
import java.util.function.Supplier;

/**
 * The program whose start-up {@link AgentBenchmarks} times: builds a keyed cache and uses it; with
 * {@code --woven}, also a slab cache of a {@code @PooledType} class, which makes the agent weave
 * (and so load Byte Buddy).
 */
public final class StartupProbe {
  private StartupProbe() {}

  public static void main(String[] args) throws Exception {
    KeyedCache<Integer, String> cache = KeyedCache.<Integer, String>builder("probe")
        .loader(k -> "v" + k).build();
    for (int k = 0; k < 1000; k++) {
      cache.release(cache.lookup(k));
    }
    if (args.length > 0 && args[0].equals("--woven")) {
      Class<?> type = Class.forName("dev.slabpool.agent.app.Lease");
      Supplier<Object> factory = () -> {
        try {
          return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
      SlabCache<Object> leases = SlabCache.builder("probe-leases", factory).build();
      leases.release(leases.allocate());
    }
  }
}
