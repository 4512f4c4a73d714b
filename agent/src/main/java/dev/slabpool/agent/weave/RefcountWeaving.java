package dev.slabpool.agent.weave;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.FieldPersistence;
import net.bytebuddy.description.modifier.MethodManifestation;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.ClassConstant;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.implementation.bytecode.member.FieldAccess;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

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
 */
final class RefcountWeaving implements AgentBuilder.Transformer {

  static final String POOLED = "dev.slabpool.Pooled";
  static final String POOLED_TYPE = "dev.slabpool.PooledType";
  static final String REFCOUNT = "slabpool$refcount";
  static final String SLOT = "slabpool$slot";
  static final String UPDATER = "slabpool$REFCOUNT";

  /** A type whose instances carry the refcount already: it implements Pooled, or is woven. */
  private static final ElementMatcher<TypeDescription> HAS_REFCOUNT =
      hasSuperType(named(POOLED)).or(hasSuperClass(isAnnotatedWith(named(POOLED_TYPE))));

  private static final MethodDescription COMPARE_AND_SET;
  private static final MethodDescription NEW_UPDATER;

  static {
    try {
      COMPARE_AND_SET = new MethodDescription.ForLoadedMethod(AtomicIntegerFieldUpdater.class
          .getMethod("compareAndSet", Object.class, int.class, int.class));
      NEW_UPDATER = new MethodDescription.ForLoadedMethod(AtomicIntegerFieldUpdater.class
          .getMethod("newUpdater", Class.class, String.class));
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The weaving transformer: an {@link AgentBuilder} for {@code @PooledType} classes. */
  static ClassFileTransformer transformer() {
    return new AgentBuilder.Default()
        .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .type(isAnnotatedWith(named(POOLED_TYPE)))
        .transform(new RefcountWeaving())
        .makeRaw();
  }

  @Override
  public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
      ClassLoader loader, JavaModule module, ProtectionDomain domain) {
    if (type.isInterface()) {
      throw new IllegalStateException("@PooledType is on an interface; annotate the classes"
          + " whose instances live in a slab cache");
    }
    TypeDescription.Generic superClass = type.getSuperClass();
    if (hasSuperType(named(POOLED)).matches(type)
        || (superClass != null && HAS_REFCOUNT.matches(superClass.asErasure()))) {
      return builder; // the refcount is already there, declared or inherited
    }
    TypePool.Resolution pooled = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader))
        .describe(POOLED);
    if (!pooled.isResolved()) {
      throw new IllegalStateException("its class loader (" + loader + ") cannot see " + POOLED
          + ": put slabpool-pool where the class can see it");
    }
    return builder
        .implement(pooled.resolve())
        .defineField(REFCOUNT, int.class, Visibility.PRIVATE, FieldManifestation.VOLATILE,
            FieldPersistence.TRANSIENT)
        .defineField(SLOT, Object.class, Visibility.PRIVATE, FieldPersistence.TRANSIENT)
        .defineField(UPDATER, AtomicIntegerFieldUpdater.class, Visibility.PRIVATE,
            Ownership.STATIC, FieldManifestation.FINAL)
        .initializer(UpdaterInitializer.INSTANCE)
        .defineMethod("slabpoolRefcount", int.class, Visibility.PUBLIC, MethodManifestation.FINAL)
        .intercept(FieldAccessor.ofField(REFCOUNT))
        .defineMethod("slabpoolCompareAndSetRefcount", boolean.class, Visibility.PUBLIC,
            MethodManifestation.FINAL)
        .withParameters(int.class, int.class)
        .intercept(MethodCall.invoke(COMPARE_AND_SET).onField(UPDATER).withThis()
            .withArgument(0, 1))
        .defineMethod("slabpoolSlot", Object.class, Visibility.PUBLIC, MethodManifestation.FINAL)
        .intercept(FieldAccessor.ofField(SLOT))
        .defineMethod("slabpoolSlot", void.class, Visibility.PUBLIC, MethodManifestation.FINAL)
        .withParameters(Object.class)
        .intercept(FieldAccessor.ofField(SLOT));
  }

  /** Prepended to the static initializer: {@code slabpool$REFCOUNT = newUpdater(This.class, ...)}. */
  private enum UpdaterInitializer implements ByteCodeAppender {
    INSTANCE;

    @Override
    public Size apply(MethodVisitor visitor, Implementation.Context context,
        MethodDescription initializer) {
      TypeDefinition type = context.getInstrumentedType();
      FieldDescription updater = type.getDeclaredFields().filter(named(UPDATER)).getOnly();
      StackManipulation.Size size = new StackManipulation.Compound(
          ClassConstant.of(type.asErasure()),
          new TextConstant(REFCOUNT),
          MethodInvocation.invoke(NEW_UPDATER),
          FieldAccess.forField(updater).write()).apply(visitor, context);
      return new Size(size.getMaximalSize(), initializer.getStackSize());
    }
  }
}
