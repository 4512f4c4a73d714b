package dev.slabpool.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private X display for GUI tests. Xvfb picks a free display number itself
 * ({@code -displayfd}), so parallel test runs never share one.
 */
public final class Xvfb implements AutoCloseable {
  private final Process process;
  private final String display;

  private Xvfb(Process process, String display) {
    this.process = process;
    this.display = display;
  }

  /** Where the Xvfb executable is, if installed. */
  public static Optional<Path> executable() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "Xvfb");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts a display, or skips the calling test (JUnit assumption) with the reason when Xvfb is
   * not installed.
   */
  public static Xvfb startOrSkip() throws IOException {
    Optional<Path> exe = executable();
    Assumptions.assumeTrue(exe.isPresent(),
        "Xvfb is not installed (apt-get install xvfb; .ci/run does it): GUI test skipped");
    Process p = new ProcessBuilder(exe.get().toString(), "-displayfd", "1", "-screen", "0",
        "1400x1000x24", "-nolisten", "tcp", "-noreset")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String number = out.readLine(); // Xvfb writes the display number once it accepts clients
    if (number == null || !number.trim().matches("\\d+")) {
      p.destroyForcibly();
      throw new IOException("Xvfb did not report a display number: " + number);
    }
    return new Xvfb(p, ":" + number.trim());
  }

  /** The display, for the {@code DISPLAY} variable of the GUI process. */
  public String display() {
    return display;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
