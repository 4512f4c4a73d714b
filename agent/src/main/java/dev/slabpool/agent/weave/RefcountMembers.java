package dev.slabpool.agent.weave;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The class visitor that adds the members of {@link RefcountWeaving} to a class as it is copied:
 * {@code implements dev.slabpool.Pooled} (in the generic signature too, when there is one), the
 * three fields, the four accessors, and the updater's creation at the start of the static
 * initializer (one is added when the class has none). Everything else passes through untouched;
 * the class's own methods are copied as they are, stack map frames included (the code put in
 * front of the static initializer leaves its stack empty and its locals alone, so the frames
 * that follow stay valid), and no frame is computed: the added methods have no branches.
 */
final class RefcountMembers extends ClassVisitor {

  static final String POOLED = RefcountWeaving.POOLED.replace('.', '/');
  static final String UPDATER_TYPE = "java/util/concurrent/atomic/AtomicIntegerFieldUpdater";
  static final String UPDATER_DESCRIPTOR = "L" + UPDATER_TYPE + ";";
  static final String OBJECT_DESCRIPTOR = "Ljava/lang/Object;";
  /** The methods added, name and descriptor, as {@link DeclaredMembers} lists them. */
  static final String REFCOUNT_GETTER = "slabpoolRefcount()I";
  static final String REFCOUNT_CAS = "slabpoolCompareAndSetRefcount(II)Z";
  static final String SLOT_GETTER = "slabpoolSlot()" + OBJECT_DESCRIPTOR;
  static final String SLOT_SETTER = "slabpoolSlot(" + OBJECT_DESCRIPTOR + ")V";

  /** Class files before Java 5 (49) cannot load a class constant with {@code ldc}. */
  private static final int FIRST_WITH_CLASS_CONSTANTS = 49;
  private static final int PUBLIC_FINAL = Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL;

  private String name;
  private int major;
  private boolean hasInitializer;

  RefcountMembers(ClassVisitor next) {
    super(Opcodes.ASM9, next);
  }

  @Override
  public void visit(int version, int access, String name, String signature, String superName,
      String[] interfaces) {
    this.name = name;
    this.major = version & 0xFFFF;
    String[] withPooled = new String[interfaces == null ? 1 : interfaces.length + 1];
    if (interfaces != null) {
      System.arraycopy(interfaces, 0, withPooled, 0, interfaces.length);
    }
    withPooled[withPooled.length - 1] = POOLED;
    super.visit(version, access, name, signature == null ? null : signature + "L" + POOLED + ";",
        superName, withPooled);
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
      String[] exceptions) {
    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
    if (!name.equals("<clinit>")) {
      return next;
    }
    hasInitializer = true;
    return new MethodVisitor(Opcodes.ASM9, next) {
      @Override
      public void visitCode() {
        super.visitCode();
        createUpdater(this);
      }

      @Override
      public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(Math.max(maxStack, 2), maxLocals);
      }
    };
  }

  @Override
  public void visitEnd() {
    field(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_VOLATILE,
        RefcountWeaving.REFCOUNT, "I");
    field(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT, RefcountWeaving.SLOT, OBJECT_DESCRIPTOR);
    field(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, RefcountWeaving.UPDATER,
        UPDATER_DESCRIPTOR);

    MethodVisitor m = method("slabpoolRefcount", "()I");
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitFieldInsn(Opcodes.GETFIELD, name, RefcountWeaving.REFCOUNT, "I");
    m.visitInsn(Opcodes.IRETURN);
    end(m, 1, 1);

    m = method("slabpoolCompareAndSetRefcount", "(II)Z");
    m.visitFieldInsn(Opcodes.GETSTATIC, name, RefcountWeaving.UPDATER, UPDATER_DESCRIPTOR);
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitVarInsn(Opcodes.ILOAD, 1);
    m.visitVarInsn(Opcodes.ILOAD, 2);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, UPDATER_TYPE, "compareAndSet",
        "(" + OBJECT_DESCRIPTOR + "II)Z", false);
    m.visitInsn(Opcodes.IRETURN);
    end(m, 4, 3);

    m = method("slabpoolSlot", "()" + OBJECT_DESCRIPTOR);
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitFieldInsn(Opcodes.GETFIELD, name, RefcountWeaving.SLOT, OBJECT_DESCRIPTOR);
    m.visitInsn(Opcodes.ARETURN);
    end(m, 1, 1);

    m = method("slabpoolSlot", "(" + OBJECT_DESCRIPTOR + ")V");
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitVarInsn(Opcodes.ALOAD, 1);
    m.visitFieldInsn(Opcodes.PUTFIELD, name, RefcountWeaving.SLOT, OBJECT_DESCRIPTOR);
    m.visitInsn(Opcodes.RETURN);
    end(m, 2, 2);

    if (!hasInitializer) {
      m = super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
      m.visitCode();
      createUpdater(m);
      m.visitInsn(Opcodes.RETURN);
      end(m, 2, 0);
    }
    super.visitEnd();
  }

  /**
   * {@code slabpool$REFCOUNT = AtomicIntegerFieldUpdater.newUpdater(This.class,
   * "slabpool$refcount")}: called from the class's own initializer, so the caller-sensitive
   * {@code newUpdater} sees the class and may reach its private field. Two stack slots.
   */
  private void createUpdater(MethodVisitor m) {
    if (major >= FIRST_WITH_CLASS_CONSTANTS) {
      m.visitLdcInsn(Type.getObjectType(name));
    } else {
      m.visitLdcInsn(name.replace('/', '.'));
      m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
          "(Ljava/lang/String;)Ljava/lang/Class;", false);
    }
    m.visitLdcInsn(RefcountWeaving.REFCOUNT);
    m.visitMethodInsn(Opcodes.INVOKESTATIC, UPDATER_TYPE, "newUpdater",
        "(Ljava/lang/Class;Ljava/lang/String;)" + UPDATER_DESCRIPTOR, false);
    m.visitFieldInsn(Opcodes.PUTSTATIC, name, RefcountWeaving.UPDATER, UPDATER_DESCRIPTOR);
  }

  private void field(int access, String fieldName, String descriptor) {
    FieldVisitor f = super.visitField(access, fieldName, descriptor, null, null);
    if (f != null) {
      f.visitEnd();
    }
  }

  private MethodVisitor method(String methodName, String descriptor) {
    MethodVisitor m = super.visitMethod(PUBLIC_FINAL, methodName, descriptor, null, null);
    m.visitCode();
    return m;
  }

  private static void end(MethodVisitor m, int maxStack, int maxLocals) {
    m.visitMaxs(maxStack, maxLocals);
    m.visitEnd();
  }
}
