package dev.slabpool.agent.app;

import dev.slabpool.PooledObject;
import dev.slabpool.PooledType;

/** Annotated, but extends {@code PooledObject}: it declares the refcount and is not woven. */
@PooledType
public class ExtendsPooledObject extends PooledObject {
  long holder;
}
