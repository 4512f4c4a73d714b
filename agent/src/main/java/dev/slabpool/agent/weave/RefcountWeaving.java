package dev.slabpool.agent.weave;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Weaves the {@code dev.slabpool.Pooled} contract into a class annotated
 * {@code @dev.slabpool.PooledType}, the same members {@code PooledObject} declares by hand:
 *
 * <pre>
 * private transient volatile int slabpool$refcount;
 * private transient Object slabpool$slot;
 * private static final AtomicIntegerFieldUpdater slabpool$REFCOUNT =
 *     AtomicIntegerFieldUpdater.newUpdater(ThisClass.class, "slabpool$refcount");
 * public final int slabpoolRefcount() { return slabpool$refcount; }
 * public final boolean slabpoolCompareAndSetRefcount(int expected, int newValue) {
 *   return slabpool$REFCOUNT.compareAndSet(this, expected, newValue);
 * }
 * public final Object slabpoolSlot() { return slabpool$slot; }
 * public final void slabpoolSlot(Object slot) { slabpool$slot = slot; }
 * </pre>
 *
 * <p>The compare-and-set is a real atomic CAS with volatile semantics and no reflection per call:
 * the updater is created once, by the woven class's own static initializer (so the caller-
 * sensitive {@code newUpdater} sees the class itself and may reach its private field), and held
 * in a static final field the JIT treats as a constant. The fields are transient: a deserialised
 * copy is a new object that no slab owns yet (refcount 0, no slot).
 *
 * <p>The weaving is a copy of the class file through Byte Buddy's repackaged ASM
 * ({@code net.bytebuddy.jar.asm}), which adds the members on the way ({@link RefcountMembers}):
 * no {@code AgentBuilder}, no type descriptions, no type pool. What it needs to know about the
 * class (its annotation, its members) and its supertypes ({@link InheritedRefcount}) it reads from
 * class files. So the first woven class loads 27 classes of Byte Buddy's ASM rather
 * than the 1036 of an {@code AgentBuilder}, and the class-loading thread pays that only.
 */
final class RefcountWeaving {

  static final String POOLED = "dev.slabpool.Pooled";
  static final String POOLED_TYPE = "dev.slabpool.PooledType";
  static final String REFCOUNT = "slabpool$refcount";
  static final String SLOT = "slabpool$slot";
  static final String UPDATER = "slabpool$REFCOUNT";

  private static final String POOLED_RESOURCE = POOLED.replace('.', '/') + ".class";

  private RefcountWeaving() {}

  /**
   * The class file {@code classfile} with the refcount woven in, or {@code null} when the class
   * is to load as it is: it is not annotated {@code @PooledType} (it only mentions the
   * annotation), or it inherits the refcount (it implements {@code Pooled}, or a superclass is
   * annotated).
   *
   * @param loader the class loader defining the class, which must see {@code dev.slabpool.Pooled}
   * @throws IllegalStateException when the class cannot be woven: it is an interface, its loader
   *     cannot see {@code Pooled}, it declares a member the weaving would add, or a supertype's
   *     class file cannot be read (the caller lets it load unwoven)
   */
  static byte[] weave(ClassLoader loader, byte[] classfile) {
    ClassReader reader = new ClassReader(classfile);
    DeclaredMembers members = DeclaredMembers.of(reader);
    if (!members.annotatedPooledType()) {
      return null;
    }
    if ((reader.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
      throw new IllegalStateException("@PooledType is on an interface; annotate the classes"
          + " whose instances live in a slab cache");
    }
    if (InheritedRefcount.of(reader, loader)) {
      return null; // the refcount is already there, declared or inherited
    }
    if (loader.getResource(POOLED_RESOURCE) == null) {
      throw new IllegalStateException("its class loader (" + loader + ") cannot see " + POOLED
          + ": put slabpool-pool where the class can see it");
    }
    refuseClashes(members);
    // Given the reader, the writer starts from the class's own constant pool and copies the
    // methods it is handed unchanged byte for byte; no frames or maximums are recomputed.
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new RefcountMembers(writer), 0);
    return writer.toByteArray();
  }

  /** Refuses a class that declares a member the weaving adds: it would not load, or lie. */
  private static void refuseClashes(DeclaredMembers members) {
    for (String field : new String[] {REFCOUNT, SLOT, UPDATER}) {
      if (members.declaresField(field)) {
        throw new IllegalStateException("Duplicate field definition for " + field
            + ": the class declares a field the weaving adds");
      }
    }
    for (String method : new String[] {RefcountMembers.REFCOUNT_GETTER,
        RefcountMembers.REFCOUNT_CAS, RefcountMembers.SLOT_GETTER, RefcountMembers.SLOT_SETTER}) {
      if (members.declaresMethod(method)) {
        throw new IllegalStateException("Duplicate method signature for " + method
            + ": the class declares a method the weaving adds");
      }
    }
  }
}
