package dev.slabpool;

/**
 * An object that lives in a slab of a {@link SlabCache} and carries the refcount of the
 * slabpool contract.
 *
 * <table>
 *   <caption>The refcount contract</caption>
 *   <tr><th>refcount</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>free, or being freed; nobody may take a reference</td></tr>
 *   <tr><td>1</td><td>not in use, holds cached information; the allocator may free it</td></tr>
 *   <tr><td>&gt; 1</td><td>in use; must not be freed</td></tr>
 * </table>
 *
 * <p>Service authors do not implement this interface by hand: they extend {@link PooledObject},
 * or annotate the class with {@link PooledType} and run with the slabpool agent, which weaves the
 * refcount field and this interface in at load time. The four methods are the whole surface a
 * weaver has to provide; every rule of the contract (increment-if-not-zero, claim 1 to 0, ...)
 * is implemented once, in the pool, on top of them.
 */
public interface Pooled {

  /** Returns the refcount, read with volatile semantics. */
  int slabpoolRefcount();

  /**
   * Atomically sets the refcount to {@code newValue} if it is {@code expected}, with the memory
   * effects of a volatile read and write.
   */
  boolean slabpoolCompareAndSetRefcount(int expected, int newValue);

  /**
   * Internal to slabpool: the slot that locates this object in its slab, or {@code null} before a
   * slab cache has adopted the object.
   */
  Object slabpoolSlot();

  /** Internal to slabpool: binds this object to its slot, once, when its slab is built. */
  void slabpoolSlot(Object slot);
}
