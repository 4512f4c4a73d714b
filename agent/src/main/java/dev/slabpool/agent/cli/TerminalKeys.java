package dev.slabpool.agent.cli;

import dev.slabpool.agent.cli.KeyReader.Key;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The keys typed at {@code slabtop} on a terminal: puts the terminal in character mode with
 * {@code stty -icanon -echo} (signals stay on, so Ctrl-C still ends the program), reads standard
 * input on a daemon thread through a {@link KeyReader}, and gives the terminal its settings back
 * on {@link #close()} or at exit. When standard input or output is not a terminal, or
 * {@code stty} is missing or fails, no key is read and {@link #await} only waits.
 */
final class TerminalKeys implements SlabTop.Keys, AutoCloseable {

  private final BlockingQueue<Key> keys = new LinkedBlockingQueue<>();
  private final String saved;
  private final Thread restoreAtExit;

  private TerminalKeys(String saved) {
    this.saved = saved;
    this.restoreAtExit = new Thread(this::restore, "slabtop-terminal-restore");
  }

  /**
   * The keys of the terminal, or {@link SlabTop.Keys#NONE} when there is no terminal to read
   * them from.
   */
  static SlabTop.Keys open(KeyReader reader) {
    if (!interactive()) {
      return SlabTop.Keys.NONE;
    }
    try {
      String saved = stty("-g").strip();
      if (saved.isEmpty()) {
        return SlabTop.Keys.NONE;
      }
      stty("-icanon", "-echo", "min", "1", "time", "0");
      TerminalKeys terminal = new TerminalKeys(saved);
      Runtime.getRuntime().addShutdownHook(terminal.restoreAtExit);
      InputStream in = System.in;
      Thread pump = new Thread(() -> reader.pump(in, terminal.keys::add), "slabtop-keys");
      pump.setDaemon(true);
      pump.start();
      return terminal;
    } catch (IOException e) {
      return SlabTop.Keys.NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SlabTop.Keys.NONE;
    }
  }

  /**
   * Whether standard input and output are a terminal: {@link System#console()} is there (and,
   * from JDK 22, where it is there for pipes too, says it is a terminal).
   */
  static boolean interactive() {
    Object console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = console.getClass().getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22 a console exists only on a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public Key await(long millis) throws InterruptedException {
    return keys.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    restore();
    try {
      Runtime.getRuntime().removeShutdownHook(restoreAtExit);
    } catch (IllegalStateException e) {
      // already exiting: the hook runs anyway
    }
  }

  private void restore() {
    try {
      stty(saved);
    } catch (IOException e) {
      // nothing more to do: the terminal is gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code stty} on the terminal of standard input; returns what it printed. */
  private static String stty(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "stty";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), Charset.defaultCharset());
    if (p.waitFor() != 0) {
      throw new IOException("stty " + String.join(" ", args) + " failed");
    }
    return out;
  }
}
