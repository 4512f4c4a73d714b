package dev.slabpool.agent.app;

import dev.slabpool.PooledType;

/** Annotated, but an interface: the weaver refuses it and it loads as it is. */
@PooledType
public interface PooledInterface {}
