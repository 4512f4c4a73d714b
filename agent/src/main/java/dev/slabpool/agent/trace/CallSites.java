package dev.slabpool.agent.trace;

import java.util.stream.Collectors;

/**
 * The call site of a reference: the innermost frames outside slabpool's own code. A reference
 * taken through {@code KeyedCache.lookup} is attributed to the caller of {@code lookup}, not to
 * the keyed cache or the slab cache under it.
 */
final class CallSites {
  private static final StackWalker WALKER = StackWalker.getInstance();

  private CallSites() {}

  static String capture(int depth) {
    return WALKER.walk(frames -> frames
        .filter(f -> !isSlabpool(f.getClassName()))
        .limit(depth)
        .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":"
            + f.getLineNumber() + ")")
        .collect(Collectors.joining(" < ")));
  }

  /** The pool's package and the tracer's own: not call sites of the application. */
  static boolean isSlabpool(String className) {
    int dot = className.lastIndexOf('.');
    String pkg = dot < 0 ? "" : className.substring(0, dot);
    return pkg.equals("dev.slabpool") || pkg.equals(CallSites.class.getPackageName());
  }
}
