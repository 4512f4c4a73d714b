package dev.slabpool.agent;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The instructions of every method of a class file, with constants resolved (owner, name and
 * descriptor rather than constant pool indices). Two class files compare equal here when their
 * code does, even if the JVM's reconstituted constant pools differ (JDK 21+ keeps the entries
 * that a retransformation added and a later one dropped).
 */
final class MethodCode {
  private MethodCode() {}

  /** Method name and descriptor to its instructions, one string each. */
  static Map<String, List<String>> of(byte[] classFile) {
    Map<String, List<String>> methods = new TreeMap<>();
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor,
          String signature, String[] exceptions) {
        List<String> code = new ArrayList<>();
        methods.put(name + descriptor, code);
        return new Recorder(code);
      }
    }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return methods;
  }

  private static final class Recorder extends MethodVisitor {
    private final List<String> code;
    private final Map<Label, Integer> labels = new IdentityHashMap<>();

    Recorder(List<String> code) {
      super(Opcodes.ASM9);
      this.code = code;
    }

    private String label(Label l) {
      return "L" + labels.computeIfAbsent(l, k -> labels.size());
    }

    @Override
    public void visitLabel(Label label) {
      code.add(label(label) + ":");
    }

    @Override
    public void visitInsn(int opcode) {
      code.add("op " + opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      code.add("op " + opcode + " " + operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
      code.add("var " + opcode + " " + var);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      code.add("type " + opcode + " " + type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      code.add("field " + opcode + " " + owner + "." + name + " " + descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
        boolean isInterface) {
      code.add("call " + opcode + " " + owner + "." + name + descriptor);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
        Object... arguments) {
      code.add("indy " + name + descriptor + " " + bootstrap);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      code.add("jump " + opcode + " " + label(label));
    }

    @Override
    public void visitLdcInsn(Object value) {
      code.add("ldc " + value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
      code.add("iinc " + var + " " + increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... targets) {
      code.add("tableswitch " + min + " " + max + " " + label(dflt) + " " + targets.length);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] targets) {
      code.add("lookupswitch " + label(dflt) + " " + keys.length);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
      code.add("multianewarray " + descriptor + " " + dimensions);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
      code.add("try " + label(start) + " " + label(end) + " " + label(handler) + " " + type);
    }
  }
}
