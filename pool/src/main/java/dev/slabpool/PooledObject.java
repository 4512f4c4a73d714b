package dev.slabpool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Base class for pooled objects: holds the refcount and the slot of the {@link Pooled} contract.
 *
 * <p>Extend it, give the subclass a constructor the cache's factory can call, and build a
 * {@link SlabCache} of it. Classes that cannot extend it can be annotated with {@link PooledType}
 * instead and have the same fields woven in by the slabpool agent.
 */
public abstract class PooledObject implements Pooled {

  private static final VarHandle REFCOUNT;

  static {
    try {
      REFCOUNT = MethodHandles.lookup().findVarHandle(PooledObject.class, "refcount", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int refcount;
  // Written once, before the object is published by its slab; read-only afterwards.
  private Object slot;

  /** Creates an object with refcount 0; a slab cache adopts it when it builds a slab. */
  protected PooledObject() {}

  @Override
  public final int slabpoolRefcount() {
    return refcount;
  }

  @Override
  public final boolean slabpoolCompareAndSetRefcount(int expected, int newValue) {
    return REFCOUNT.compareAndSet(this, expected, newValue);
  }

  @Override
  public final Object slabpoolSlot() {
    return slot;
  }

  @Override
  public final void slabpoolSlot(Object slot) {
    this.slot = slot;
  }
}
