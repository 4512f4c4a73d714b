package dev.slabpool.agent.weave;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Tells whether a class's instances carry the refcount already, so that weaving it again would
 * be wrong: a supertype is {@code dev.slabpool.Pooled} (the class extends {@code PooledObject},
 * or implements the interface itself), or a superclass is annotated {@code @PooledType} (it is,
 * or will be, woven).
 *
 * <p>The supertypes are read from their class files, found through the loading class's loader as
 * resources (what Byte Buddy's {@code ClassFileLocator.ForClassLoader} does), header and
 * annotations only: nothing is loaded or described, and only the types on the way up are read.
 * Types in {@code java.*} are not read: only the bootstrap and platform loaders define them, and
 * they cannot see the pool.
 */
final class InheritedRefcount {

  private static final String POOLED = RefcountWeaving.POOLED.replace('.', '/');

  private InheritedRefcount() {}

  /**
   * Whether the class {@code type} holds, defined by {@code loader}, inherits the refcount.
   *
   * @throws IllegalStateException when a supertype's class file cannot be found or read
   */
  static boolean of(ClassReader type, ClassLoader loader) {
    Deque<String> interfaces = new ArrayDeque<>();
    Collections.addAll(interfaces, type.getInterfaces());
    for (String superclass = type.getSuperName(); superclass != null && !inJava(superclass); ) {
      ClassReader s = read(superclass, loader);
      if (DeclaredMembers.of(s).annotatedPooledType()) {
        return true;
      }
      Collections.addAll(interfaces, s.getInterfaces());
      superclass = s.getSuperName();
    }
    Set<String> seen = new HashSet<>();
    while (!interfaces.isEmpty()) {
      String i = interfaces.pop();
      if (i.equals(POOLED)) {
        return true;
      }
      if (!inJava(i) && seen.add(i)) {
        Collections.addAll(interfaces, read(i, loader).getInterfaces());
      }
    }
    return false;
  }

  private static boolean inJava(String internalName) {
    return internalName.startsWith("java/");
  }

  private static ClassReader read(String internalName, ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      if (in == null) {
        throw new IllegalStateException("its supertype " + internalName.replace('/', '.')
            + " has no class file that its class loader (" + loader + ") can find");
      }
      return new ClassReader(in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the class file of its supertype "
          + internalName.replace('/', '.'), e);
    }
  }
}
