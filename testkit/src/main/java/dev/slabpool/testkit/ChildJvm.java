package dev.slabpool.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real child process, usually a JVM of the same JDK as the test, whose output is collected line
 * by line so tests wait on what it prints instead of sleeping. Its output is also copied to a log
 * file for diagnosis. A child that runs a {@link Host} is driven with {@link #awaitReady},
 * {@link #ask} and {@link #end}.
 */
public final class ChildJvm implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("^" + Host.READY + " (\\d+)$");

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Path log;
  private final PrintWriter stdin;
  private final Thread pump;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.pump = new Thread(this::pump, "child-output-" + process.pid());
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts describing a JVM that runs {@code mainClass} on the test's own class path. */
  public static Builder java(String mainClass) {
    return new Builder().mainClass(mainClass);
  }

  /** Starts describing an arbitrary command (a JDK tool, a launcher script). */
  public static Builder command(String... command) {
    return new Builder().command(List.of(command));
  }

  /** The {@code java} launcher of the JDK running the tests. */
  public static Path javaExecutable() {
    return tool("java");
  }

  /** A tool of the JDK running the tests, such as {@code jconsole}. */
  public static Path tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name);
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** The underlying process. */
  public Process process() {
    return process;
  }

  /** Writes a line to the child's standard input. */
  public void send(String line) {
    stdin.println(line);
  }

  /** Everything printed so far (standard output and error, interleaved), one entry per line. */
  public List<String> output() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The log file holding the child's output. */
  public Path log() {
    return log;
  }

  /**
   * Waits until the child prints a line that matches, and returns the first match of the
   * pattern's first group (or the whole line when there is no group).
   *
   * @throws AssertionError with the output so far if the timeout passes or the child exits first
   */
  public String await(Pattern pattern, Duration timeout) {
    Matcher[] found = new Matcher[1];
    awaitLine(0, line -> {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        found[0] = m;
        return true;
      }
      return false;
    }, timeout, "a line matching /" + pattern + "/");
    return found[0].groupCount() > 0 ? found[0].group(1) : found[0].group();
  }

  /** Waits until the child prints a line containing {@code text}; returns that line. */
  public String await(String text, Duration timeout) {
    return awaitLine(0, l -> l.contains(text), timeout, "a line containing '" + text + "'");
  }

  /**
   * Waits until a {@link Host} child prints its {@code READY <pid>} line, and returns that pid
   * (the child's own, {@link #pid()}, when it was started with {@link #java}).
   */
  public long awaitReady(Duration timeout) {
    return Long.parseLong(await(READY, timeout));
  }

  /**
   * Sends a command to a {@link Host} child and waits for its answer: the first line printed
   * after the command was sent that starts with {@code answerPrefix}. Lines printed before do not
   * count, so an earlier answer is never taken for this one; other lines (of an agent, say) are
   * passed over.
   *
   * @return the answer line
   * @throws AssertionError with the output so far if the host answers
   *     {@code ERROR <name>: ...} instead (unless {@code answerPrefix} asks for that line), if
   *     the timeout passes, or if the child exits first
   */
  public String ask(String command, String answerPrefix, Duration timeout) {
    List<String> words = Host.words(command);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("no command in '" + command + "'");
    }
    String error = Host.ERROR + " " + words.get(0) + ":";
    int from;
    synchronized (lines) {
      from = lines.size();
    }
    send(command);
    String answer = awaitLine(from, l -> l.startsWith(answerPrefix) || l.startsWith(error),
        timeout, "an answer to '" + command + "' starting with '" + answerPrefix + "'");
    if (!answer.startsWith(answerPrefix)) {
      throw new AssertionError("child " + pid() + " answered '" + command + "' with '" + answer
          + "' instead of a line starting with '" + answerPrefix + "'; its output:\n"
          + String.join("\n", output()));
    }
    return answer;
  }

  /**
   * Ends a {@link Host} child the polite way: sends {@code end}, waits for its {@code END}
   * answer and for the JVM to exit by itself (its {@code main} has returned), and returns the
   * exit code.
   */
  public int end(Duration timeout) {
    ask(Host.END, Host.END_ANSWER, timeout);
    return awaitExit(timeout);
  }

  private String awaitLine(int from, Predicate<String> test, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = from;
    synchronized (lines) {
      for (;;) {
        for (; seen < lines.size(); seen++) {
          if (test.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!pump.isAlive() && seen == lines.size())) {
          throw new AssertionError("child " + pid() + " did not print " + what + " within "
              + timeout + (process.isAlive() ? "" : " (it exited with " + exitValue() + ")")
              + "; its output:\n" + String.join("\n", lines));
        }
        try {
          lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for " + what, e);
        }
      }
    }
  }

  /** Waits for the child to exit and returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("child " + pid() + " did not exit within " + timeout
            + "; its output:\n" + String.join("\n", output()));
      }
      pump.join(timeout.toMillis());
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for child " + pid(), e);
    }
  }

  /** Whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  private int exitValue() {
    try {
      return process.exitValue();
    } catch (IllegalThreadStateException e) {
      return -1;
    }
  }

  /** Stops the child and its own children: politely first, then forcibly. */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        out.println(line);
        out.flush();
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the child went away; waiters see the pump thread end
    } finally {
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }

  /** Describes a child process. */
  public static final class Builder {
    private String mainClass;
    private List<String> command;
    private String classPath = System.getProperty("java.class.path");
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private Path logDir = Path.of("target", "child-logs");
    private String name;

    private Builder mainClass(String mainClass) {
      this.mainClass = mainClass;
      return this;
    }

    private Builder command(List<String> command) {
      this.command = new ArrayList<>(command);
      return this;
    }

    /** Replaces the class path (default: the test's own). */
    public Builder classPath(String classPath) {
      this.classPath = classPath;
      return this;
    }

    /** Adds JVM options, such as {@code -javaagent:...} or {@code -Xmx64m}. */
    public Builder jvmArgs(String... options) {
      jvmArgs.addAll(List.of(options));
      return this;
    }

    /** Adds program arguments. */
    public Builder args(String... arguments) {
      args.addAll(List.of(arguments));
      return this;
    }

    /** Sets an environment variable, such as {@code DISPLAY}. */
    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** Names the log file ({@code target/child-logs/<name>.log}). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Starts the process. */
    public ChildJvm start() {
      List<String> cmd = new ArrayList<>();
      if (command != null) {
        cmd.addAll(command);
        cmd.addAll(jvmArgs);
      } else {
        cmd.add(javaExecutable().toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
      }
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(env);
      try {
        Files.createDirectories(logDir);
        String base = Optional.ofNullable(name).orElseGet(() -> Path.of(cmd.get(
            command != null ? 0 : cmd.size() - args.size() - 1)).getFileName().toString());
        Path log = Files.createTempFile(logDir, base.replaceAll("[^A-Za-z0-9._-]", "_") + "-",
            ".log");
        return new ChildJvm(pb.start(), log);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + cmd, e);
      }
    }
  }

  /** Gives a generous timeout for a child's step: CI machines are slow and shared. */
  public static Duration patience() {
    return Duration.ofSeconds(Long.getLong("slabpool.test.patience.seconds", 120));
  }
}
