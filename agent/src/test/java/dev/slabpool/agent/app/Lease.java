package dev.slabpool.agent.app;

import dev.slabpool.PooledType;

/** A pooled type without a base class: the agent weaves the refcount in when it is loaded. */
@PooledType
public class Lease {
  long holder;
}
