package dev.slabpool.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one protocol of the host programs that tests run in a child JVM ({@link ChildJvm}), used
 * from the host's {@code main}: the host registers its commands by name, then {@link #serve()}
 * prints {@code READY <pid>} and obeys the lines of standard input, on the main thread, one at a
 * time, each answered by exactly one line on standard output:
 * <ul>
 *   <li>{@code <name> <word>...}: the command's handler gets the words after the name and
 *       returns its answer line;</li>
 *   <li>an unknown command, or a handler that throws an exception, is answered
 *       {@code ERROR <name>: <what went wrong>} (the stack trace goes to standard error), and the
 *       host keeps serving;</li>
 *   <li>{@code end} is answered {@code END} and {@code serve()} returns, so {@code main} returns
 *       and the JVM exits by itself once nothing else keeps it alive; the end of standard input
 *       does the same;</li>
 *   <li>{@code exit} is answered {@code EXIT} and the JVM exits with {@code System.exit(0)}.</li>
 * </ul>
 * Blank lines are ignored. A test drives a host with {@link ChildJvm#awaitReady},
 * {@link ChildJvm#ask} and {@link ChildJvm#end}.
 *
 * <pre>{@code
 * new Host()
 *     .command("hold", words -> "HELD " + hold(Integer.parseInt(words.get(0))))
 *     .serve();
 * }</pre>
 */
public final class Host {
  /** The first word of the line a host prints when it starts serving: {@code READY <pid>}. */
  public static final String READY = "READY";
  /** The first word of the answer to an unknown or failed command: {@code ERROR <name>: ...}. */
  public static final String ERROR = "ERROR";
  /** The command that makes {@link #serve()} return. */
  static final String END = "end";
  /** The answer to {@link #END}. */
  static final String END_ANSWER = "END";
  /** The command that ends the JVM with {@code System.exit(0)}. */
  static final String EXIT = "exit";
  /** The answer to {@link #EXIT}. */
  static final String EXIT_ANSWER = "EXIT";

  private static final Set<String> RESERVED = Set.of(END, EXIT);

  /** A command's handler. */
  @FunctionalInterface
  public interface Command {
    /**
     * Carries out the command and returns its one answer line.
     *
     * @param words the words of the command line after the command's name (none: an empty list)
     * @throws Exception to have the host answer with an {@code ERROR} line instead
     */
    String run(List<String> words) throws Exception;
  }

  private final Map<String, Command> commands = new LinkedHashMap<>();

  /** A host without commands yet (it knows {@code end} and {@code exit}). */
  public Host() {}

  /**
   * Registers a command.
   *
   * @param name one word, not {@code end} or {@code exit}, not registered before
   * @return this host
   */
  public Host command(String name, Command handler) {
    if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)
        || RESERVED.contains(name) || commands.containsKey(name)) {
      throw new IllegalArgumentException("not a new one-word command name: '" + name + "'");
    }
    commands.put(name, handler);
    return this;
  }

  /**
   * Prints {@code READY <pid>}, then answers the commands read from standard input until
   * {@code end} or the end of the input (and returns) or {@code exit} (and the JVM exits).
   */
  public void serve() throws IOException {
    System.out.println(READY + " " + ProcessHandle.current().pid());
    BufferedReader in = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      List<String> words = words(line);
      if (words.isEmpty()) {
        continue;
      }
      String name = words.get(0);
      if (name.equals(END)) {
        break;
      }
      if (name.equals(EXIT)) {
        System.out.println(EXIT_ANSWER);
        System.exit(0);
      }
      System.out.println(answer(name, words.subList(1, words.size())));
    }
    System.out.println(END_ANSWER);
  }

  private String answer(String name, List<String> words) {
    Command command = commands.get(name);
    if (command == null) {
      return error(name, "unknown command; known: "
          + String.join(", ", commands.keySet()) + (commands.isEmpty() ? "" : ", ")
          + END + ", " + EXIT);
    }
    try {
      String answer = command.run(words);
      if (answer == null || answer.isEmpty() || answer.indexOf('\n') >= 0
          || answer.indexOf('\r') >= 0) {
        return error(name, "the handler answered " + (answer == null ? "null" : "'" + answer + "'")
            + " instead of one line");
      }
      return answer;
    } catch (Exception e) {
      e.printStackTrace();
      return error(name, e.toString());
    }
  }

  /** The words of a command line, split at white space. */
  static List<String> words(String line) {
    String stripped = line.strip();
    return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
  }

  /** {@code ERROR <name>: <message>}, on one line. */
  static String error(String name, String message) {
    return ERROR + " " + name + ": " + message.replaceAll("\\R", " ");
  }
}
