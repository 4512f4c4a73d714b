package dev.slabpool.agent.cli;

import dev.slabpool.agent.cli.CliException.Exit;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Turns the target of a command line into a pid, as {@code jcmd} and async-profiler accept it: a
 * pid; or the main class or jar of a JVM, whole, by its simple name ({@code PoolApp} for
 * {@code com.example.PoolApp}) or by its file name ({@code app.jar}, {@code app}); or a regular
 * expression found in the main class or jar. Exact names win over the expression, so
 * {@code PoolApp} picks {@code com.example.PoolApp} beside {@code com.example.PoolAppTwo}. The
 * command line's own JVM is never a match.
 */
final class TargetResolver {
  private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]+");

  private TargetResolver() {}

  /** Whether {@code target} is written as a pid (it then never goes through the list). */
  static boolean isPid(String target) {
    return NUMBER.matcher(target).matches();
  }

  /**
   * The pid {@code target} names.
   *
   * @param seen the JVMs to choose from (asked for only when the target is not a pid)
   * @param self the pid of the command line's own JVM, never chosen
   * @throws CliException USAGE for a pid that is 0 or less or too large, or a bad regular
   *     expression; NO_MATCH when no JVM or more than one matches
   */
  static long resolve(String target, Supplier<List<Jvm>> seen, long self)
      throws CliException {
    if (isPid(target)) {
      try {
        long pid = Long.parseLong(target);
        if (pid > 0) {
          return pid;
        }
      } catch (NumberFormatException e) {
        // too large: reported below
      }
      throw new CliException(Exit.USAGE, "'" + target + "' is not a process id");
    }
    if (target.isBlank()) {
      throw new CliException(Exit.USAGE, "the target is empty: give a pid, a main class or jar,"
          + " or a regular expression");
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(target);
    } catch (PatternSyntaxException e) {
      throw new CliException(Exit.USAGE, "'" + target + "' is not a pid, and not a valid regular"
          + " expression: " + e.getDescription() + " near index " + e.getIndex());
    }
    List<Jvm> others = seen.get().stream().filter(j -> j.pid() != self).toList();
    List<Jvm> matches = others.stream().filter(j -> named(j, target)).toList();
    if (matches.isEmpty()) {
      matches = others.stream().filter(j -> pattern.matcher(j.main()).find()).toList();
    }
    if (matches.size() == 1) {
      return matches.get(0).pid();
    }
    if (matches.isEmpty()) {
      throw new CliException(Exit.NO_MATCH, "no JVM matches '" + target + "' (a pid, a main"
          + " class or jar, or a regular expression over them); JVMs seen: "
          + (others.isEmpty() ? "none" : describe(others)));
    }
    throw new CliException(Exit.NO_MATCH, "'" + target + "' matches " + matches.size()
        + " JVMs: " + describe(matches) + "; give one's pid, or a narrower expression");
  }

  /** Whether {@code target} is the JVM's main class or jar, whole or by its short name. */
  private static boolean named(Jvm jvm, String target) {
    String main = jvm.main();
    if (main.isEmpty()) {
      return false;
    }
    String file = main.substring(Math.max(main.lastIndexOf('/'), main.lastIndexOf('\\')) + 1);
    String simple = main.endsWith(".jar") ? file : main.substring(main.lastIndexOf('.') + 1);
    return target.equals(main) || target.equals(file) || target.equals(simple)
        || (file.endsWith(".jar") && target.equals(file.substring(0, file.length() - 4)));
  }

  private static String describe(List<Jvm> jvms) {
    return jvms.stream().map(Jvm::toString).collect(Collectors.joining(", "));
  }
}
