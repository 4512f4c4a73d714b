package dev.slabpool.agent.weave;

import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * What a class file declares, read without its code: whether the class itself is annotated
 * {@code @PooledType}, and the names of its fields and the names and descriptors of its methods.
 * No class is loaded or described to find out: Byte Buddy's repackaged ASM reads the bytes.
 */
final class DeclaredMembers extends ClassVisitor {

  private static final String POOLED_TYPE_DESCRIPTOR =
      "L" + RefcountWeaving.POOLED_TYPE.replace('.', '/') + ";";

  private boolean pooledType;
  private final Set<String> fields = new HashSet<>();
  private final Set<String> methods = new HashSet<>();

  private DeclaredMembers() {
    super(Opcodes.ASM9);
  }

  /** Reads the declarations of the class {@code reader} holds (its code and debug data skipped). */
  static DeclaredMembers of(ClassReader reader) {
    DeclaredMembers members = new DeclaredMembers();
    reader.accept(members, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG
        | ClassReader.SKIP_FRAMES);
    return members;
  }

  /** Whether the class itself (not a superclass) carries {@code @dev.slabpool.PooledType}. */
  boolean annotatedPooledType() {
    return pooledType;
  }

  /** Whether the class declares a field of this name. */
  boolean declaresField(String name) {
    return fields.contains(name);
  }

  /** Whether the class declares a method of this name and descriptor, {@code name(I)Z}. */
  boolean declaresMethod(String nameAndDescriptor) {
    return methods.contains(nameAndDescriptor);
  }

  @Override
  public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
    if (visible && descriptor.equals(POOLED_TYPE_DESCRIPTOR)) {
      pooledType = true;
    }
    return null;
  }

  @Override
  public FieldVisitor visitField(int access, String name, String descriptor, String signature,
      Object value) {
    fields.add(name);
    return null;
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
      String[] exceptions) {
    methods.add(name + descriptor);
    return null;
  }
}
