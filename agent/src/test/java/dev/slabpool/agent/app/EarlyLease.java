package dev.slabpool.agent.app;

import dev.slabpool.PooledType;

/** Like {@link Lease}, but the test program loads it before the agent is attached. */
@PooledType
public class EarlyLease {
  long holder;
}
