package dev.slabpool.agent.app;

import dev.slabpool.PooledType;

/** Annotated, but already declares a member the weaver adds: it cannot be woven. */
@PooledType
public class ClashingLease {
  /** Clashes with the woven {@code int slabpoolRefcount()}. */
  public int slabpoolRefcount() {
    return 42;
  }
}
