package dev.slabpool.agent.weave;

import dev.slabpool.agent.AgentLog;
import java.lang.annotation.Annotation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * Weaves the refcount into {@code @PooledType} classes as they are loaded (see
 * {@link RefcountWeaving}).
 *
 * <p>Every class the JVM loads passes through this transformer, so it first looks for the
 * annotation's descriptor in the raw class bytes, which costs a scan and no allocation; only the
 * few classes that mention it reach {@link RefcountWeaving}, which reads and rewrites them with
 * Byte Buddy's repackaged ASM, loaded on the first such class. A JVM that never loads a
 * {@code @PooledType} class never loads Byte Buddy; this class does not even mention it.
 *
 * <p>Classes already loaded cannot be woven: retransformation cannot add fields or interfaces.
 * {@link #reportLoadedTooEarly} names them when the agent is attached to a running JVM.
 */
public final class PooledTypeWeaver implements ClassFileTransformer {

  private static final byte[] DESCRIPTOR =
      ("L" + RefcountWeaving.POOLED_TYPE.replace('.', '/') + ";")
          .getBytes(StandardCharsets.ISO_8859_1);

  private PooledTypeWeaver() {}

  /** Registers the weaver; it sees every class loaded from now on (and never retransforms). */
  public static PooledTypeWeaver install(Instrumentation instrumentation) {
    PooledTypeWeaver weaver = new PooledTypeWeaver();
    instrumentation.addTransformer(weaver, false);
    return weaver;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className,
      Class<?> classBeingRedefined, ProtectionDomain domain, byte[] classfile) {
    if (loader == null || classBeingRedefined != null || !mentionsPooledType(classfile)) {
      return null;
    }
    try {
      return RefcountWeaving.weave(loader, classfile);
    } catch (Throwable t) {
      // The class loads unwoven: a failure never stops the application from loading it.
      AgentLog.warn("could not weave the refcount into "
          + (className == null ? "a class" : className.replace('/', '.'))
          + "; its instances cannot be used in a SlabCache", t);
      return null;
    }
  }

  static boolean mentionsPooledType(byte[] classfile) {
    byte first = DESCRIPTOR[0];
    int last = classfile.length - DESCRIPTOR.length;
    outer:
    for (int i = 0; i <= last; i++) {
      if (classfile[i] != first) {
        continue;
      }
      for (int j = 1; j < DESCRIPTOR.length; j++) {
        if (classfile[i + j] != DESCRIPTOR[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Warns about each {@code @PooledType} class loaded before the agent: it cannot be woven any
   * more, and building a slab cache of it will fail.
   *
   * @return the names of those classes
   */
  public static List<String> reportLoadedTooEarly(Class<?>[] loaded) {
    List<String> names = new ArrayList<>();
    for (Class<?> c : loaded) {
      try {
        if (c.getClassLoader() != null && !c.isArray() && isAnnotatedPooledType(c)
            && !implementsPooled(c)) {
          names.add(c.getName());
          AgentLog.warn("class " + c.getName() + " is annotated @PooledType but was loaded"
              + " before the agent attached: its refcount cannot be woven any more (a loaded"
              + " class cannot gain fields), so it cannot be used in a SlabCache in this JVM;"
              + " start the JVM with -javaagent:slabpool-agent.jar");
        }
      } catch (Throwable t) {
        // A class whose annotations cannot be read is not one we could have woven.
      }
    }
    return names;
  }

  private static boolean isAnnotatedPooledType(Class<?> c) {
    for (Annotation a : c.getDeclaredAnnotations()) {
      if (a.annotationType().getName().equals(RefcountWeaving.POOLED_TYPE)) {
        return true;
      }
    }
    return false;
  }

  private static boolean implementsPooled(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Class<?> i : k.getInterfaces()) {
        if (i.getName().equals(RefcountWeaving.POOLED) || implementsPooled(i)) {
          return true;
        }
      }
    }
    return false;
  }
}
