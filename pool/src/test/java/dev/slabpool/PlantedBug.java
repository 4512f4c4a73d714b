package dev.slabpool;

import dev.slabpool.testkit.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.MemberSubstitution;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * A bug planted in one real class of the pool, so that a checker can show it fails on exactly
 * the bug it exists for, with no test seam in the production code. The class's compiled bytecode
 * is rewritten (Byte Buddy): inside one of its methods, the calls to another method are replaced
 * or removed. The checker then runs in a child JVM whose class path puts the bugged class file
 * first, so that the JVM and every tool that reads class files back (Lincheck does) see the bug,
 * and nothing in the test's own JVM does.
 */
public final class PlantedBug {
  private final String name;
  private final Class<?> target;
  private final String method;
  private final List<AsmVisitorWrapper> bugs;

  private PlantedBug(String name, Class<?> target, String method, List<AsmVisitorWrapper> bugs) {
    this.name = name;
    this.target = target;
    this.method = method;
    this.bugs = bugs;
  }

  /**
   * In method {@code method} of {@code target}, every call to {@code callee} calls the public
   * static {@code replacement} instead (given the callee's receiver first, if it has one).
   */
  public static PlantedBug replaceCalls(Class<?> target, String method, Method callee,
      Method replacement) {
    return new PlantedBug(replacement.getName(), target, method, List.of())
        .andReplaceCalls(callee, replacement);
  }

  /** In method {@code method} of {@code target}, every call to the void {@code callee} is gone. */
  public static PlantedBug removeCalls(Class<?> target, String method, Method callee) {
    return new PlantedBug("no-" + callee.getName(), target, method, List.of(
        MemberSubstitution.strict().method(ElementMatchers.is(callee)).stub()
            .on(ElementMatchers.named(method))));
  }

  /** This bug, and in the same method every call to {@code callee} replaced as well. */
  public PlantedBug andReplaceCalls(Method callee, Method replacement) {
    List<AsmVisitorWrapper> more = new ArrayList<>(bugs);
    more.add(MemberSubstitution.strict().method(ElementMatchers.is(callee))
        .replaceWith(replacement).on(ElementMatchers.named(method)));
    return new PlantedBug(bugs.isEmpty() ? replacement.getName()
        : name + "-" + replacement.getName(), target, method, List.copyOf(more));
  }

  /** A declared method of a class, by name, for the arguments above. */
  public static Method method(Class<?> type, String name, Class<?>... parameters) {
    try {
      return type.getDeclaredMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no method " + name, e);
    }
  }

  private byte[] bugged() {
    DynamicType.Builder<?> b = new ByteBuddy().redefine(target);
    for (AsmVisitorWrapper bug : bugs) {
      b = b.visit(bug);
    }
    return b.make().getBytes();
  }

  /**
   * Runs test method {@code testMethod} of {@code testClass} against the bug, in a child JVM
   * ({@link CheckerRun}).
   *
   * @return the child's exit code (0: the checker failed with an assertion) and its output
   */
  public ChildJvm start(String testClass, String testMethod) {
    // One directory per class and bug: it holds that one class file and nothing else.
    Path dir = Path.of("target", "planted-bugs", target.getName() + "-" + name);
    Path file = dir.resolve(target.getName().replace('.', '/') + ".class");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bugged());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    String classPath = dir.toAbsolutePath() + File.pathSeparator
        + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ChildJvm.Builder b = ChildJvm.java(CheckerRun.class.getName()).classPath(classPath)
        .jvmArgs("-Xmx512m", "-Djdk.attach.allowAttachSelf=true",
            "--add-opens", "java.base/java.util.regex=ALL-UNNAMED")
        .args(testClass, testMethod).name("planted-" + name);
    if (Runtime.version().feature() >= 21) {
      b.jvmArgs("-XX:+EnableDynamicAgentLoading");
    }
    return b.start();
  }
}
