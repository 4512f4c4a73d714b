package dev.slabpool.bench.agent;

import dev.slabpool.PooledType;

/**
 * A pooled type without a base class, for {@link StartupProbe}: the agent weaves the refcount in
 * when it is loaded (the first such class makes the agent load Byte Buddy).
 */
@PooledType
public class WovenLease {
  long holder;
}
