package dev.slabpool.agent.app;

import dev.slabpool.PooledType;
import java.util.function.Supplier;

/** A generic pooled type: its generic signature must name the woven interface too. */
@PooledType
public class GenericLease<T> implements Supplier<T> {
  T value;

  @Override
  public T get() {
    return value;
  }
}
