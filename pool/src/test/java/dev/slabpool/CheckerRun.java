package dev.slabpool;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The child JVM of a {@link PlantedBug}: runs one test method (no arguments, on a fresh instance
 * of its class) and says how it ended: {@code caught: ...} and exit 0 when it failed with an
 * assertion, {@code passed} and exit 3 when it passed, anything else and exit 4.
 */
public final class CheckerRun {
  private CheckerRun() {}

  public static void main(String[] args) throws ReflectiveOperationException {
    Class<?> c = Class.forName(args[0]);
    Method m = c.getDeclaredMethod(args[1]);
    m.setAccessible(true);
    Constructor<?> constructor = c.getDeclaredConstructor();
    constructor.setAccessible(true);
    try {
      m.invoke(constructor.newInstance());
    } catch (InvocationTargetException e) {
      Throwable why = e.getCause();
      String first = String.valueOf(why.getMessage()).strip().lines().limit(12)
          .reduce((a, b) -> a + "\n  " + b).orElse("");
      System.out.println((why instanceof AssertionError ? "caught: " : "broke: ")
          + why.getClass().getName() + ": " + first);
      why.printStackTrace(System.out);
      System.exit(why instanceof AssertionError ? 0 : 4);
    }
    System.out.println("passed");
    System.exit(3);
  }
}
