package dev.slabpool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A {@link SwingDriver} script for one run of a GUI tool: writes the script, gives the
 * {@code -javaagent} option to put in the tool's JVM, and waits for the driver's report.
 */
public final class GuiScript {
  private final Path script;
  private final Path report;

  private GuiScript(Path script) {
    this.script = script;
    this.report = Path.of(script + ".report");
  }

  /** Writes a script of steps (see {@link SwingDriver}) into {@code dir}. */
  public static GuiScript of(Path dir, List<String> steps) throws IOException {
    Files.createDirectories(dir);
    Path script = Files.createTempFile(dir, "gui-", ".script");
    Files.write(script, steps, StandardCharsets.UTF_8);
    return new GuiScript(script);
  }

  /** The JVM option that loads the driver with this script. */
  public String javaagentOption() {
    return "-javaagent:" + driverJar() + "=" + script.toAbsolutePath();
  }

  /**
   * Waits until the driver reports DONE.
   *
   * @throws AssertionError with the report and the tool's output if a step fails or times out
   */
  public void awaitDone(ChildJvm tool, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (WatchService watch = report.getFileSystem().newWatchService()) {
      report.toAbsolutePath().getParent().register(watch,
          StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      for (;;) {
        List<String> lines = report();
        if (!lines.isEmpty() && lines.get(lines.size() - 1).startsWith("FAIL")) {
          throw new AssertionError("GUI script failed: " + lines + "\ntool output:\n"
              + String.join("\n", tool.output()));
        }
        if (lines.contains("DONE")) {
          return;
        }
        if (System.nanoTime() > deadline || !tool.isAlive()) {
          throw new AssertionError("GUI script did not finish within " + timeout + ": " + lines
              + "\ntool output:\n" + String.join("\n", tool.output()));
        }
        // Wake on the next change of the report (checking liveness at least once a second).
        WatchKey key = watch.poll(1, TimeUnit.SECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
  }

  /** The report so far. */
  public List<String> report() {
    try {
      return Files.exists(report) ? Files.readAllLines(report, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The testkit jar with its agent manifest. Under the reactor's test phase the classes are a
   * directory, so a jar is built from it once.
   */
  static synchronized Path driverJar() {
    try {
      Path location = Path.of(SwingDriver.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      if (Files.isRegularFile(location)) {
        return location;
      }
      Path jar = location.resolveSibling("slabpool-testkit-driver.jar");
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().putValue("Premain-Class", SwingDriver.class.getName());
      manifest.getMainAttributes().putValue("Agent-Class", SwingDriver.class.getName());
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
          Stream<Path> files = Files.walk(location)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          out.putNextEntry(new JarEntry(location.relativize(f).toString().replace('\\', '/')));
          out.write(Files.readAllBytes(f));
          out.closeEntry();
        }
      }
      return jar;
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot locate the testkit driver jar", e);
    }
  }
}
