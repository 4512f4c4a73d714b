package dev.slabpool.agent.app;

import dev.slabpool.PooledType;

/** Annotated like its woven superclass: it inherits the refcount and is not woven again. */
@PooledType
public class SubLease extends Lease {
  long renewals;
}
