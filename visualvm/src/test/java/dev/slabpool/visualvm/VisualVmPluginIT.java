package dev.slabpool.visualvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slabpool.heatmap.SlabsHost;
import dev.slabpool.heatmap.SlabsTab;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.GuiScript;
import dev.slabpool.testkit.Xvfb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Debian's VisualVM, under Xvfb, installs the NBM into a fresh user directory, opens a JVM with
 * slabpool caches, shows the Slabs tab (screenshots in {@code target/screenshots/}) and reclaims
 * with its button; the slabs are gone when read back through JMX.
 *
 * <p>The NBM is installed the way VisualVM finishes a plugin installation itself: it lies in
 * {@code <userdir>/update/download/}, and the launcher runs the NetBeans updater on it before
 * VisualVM starts.
 */
class VisualVmPluginIT {
  private static final Path LAUNCHER = Path.of("/usr/bin/visualvm");

  @Test
  void slabsTabShowsTheHeatMapAndReclaims() throws Exception {
    Path nbm = Path.of(System.getProperty("visualvm.nbm"));
    assertThat(nbm).as("the packaged NBM").isRegularFile();
    assumeTrue(Files.isExecutable(LAUNCHER),
        "VisualVM is not installed (apt-get install visualvm; .ci/run does it): test skipped");
    assumeTrue(launcherFindsAJdk(), "VisualVM's launcher (" + LAUNCHER + ") refuses to start"
        + " without /usr/lib/jvm/default-java (apt-get install default-jdk): test skipped");
    Path userdir = freshUserdir(nbm);

    try (Xvfb display = Xvfb.startOrSkip();
        ChildJvm host = ChildJvm.java(SlabsHost.class.getName()).name("slabs-host").start()) {
      host.awaitReady(ChildJvm.patience());
      assertThat(SlabsTab.totalSlabs(host.pid())).isEqualTo(SlabsHost.BUFFER_SLABS);

      List<String> steps = new ArrayList<>(List.of("window ^VisualVM", "size 1280x900"));
      steps.addAll(SlabsTab.steps("visualvm"));
      GuiScript script = GuiScript.of(Path.of("target", "gui"), steps);
      // No --jdkhome: VisualVM 2.1.5 refuses to run on Java 20 and later, so it runs on the
      // launcher's JDK (default-java) while the tests and the watched JVM may run on 25.
      try (ChildJvm visualvm = ChildJvm.command(LAUNCHER.toString(),
              "--userdir", userdir.toString(),
              "--nosplash",
              "--openpid", Long.toString(host.pid()),
              "-J" + script.javaagentOption())
          .env("DISPLAY", display.display()).name("visualvm").start()) {
        script.awaitDone(visualvm, ChildJvm.patience());
      }

      assertThat(userdir.resolve("modules/dev-slabpool-visualvm.jar"))
          .as("the updater unpacked the NBM").isRegularFile();
      assertThat(SlabsTab.totalSlabs(host.pid()))
          .isEqualTo(SlabsHost.BUFFER_SLABS - SlabsTab.PAGES);
      assertThat(Path.of("target/screenshots/visualvm-slabs.png")).isNotEmptyFile();
      assertThat(Path.of("target/screenshots/visualvm-slabs-reclaimed.png")).isNotEmptyFile();
    }
  }

  /**
   * Whether Debian's launcher will start: it insists on a JDK at one of two fixed places before
   * it reads {@code --jdkhome}.
   */
  private static boolean launcherFindsAJdk() throws IOException {
    if (Files.isExecutable(Path.of("/usr/lib/jvm/default-java/bin/javac"))) {
      return true;
    }
    Path jvm = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvm)) {
      return false;
    }
    try (Stream<Path> jvms = Files.list(jvm)) {
      return jvms.anyMatch(j -> j.getFileName().toString().startsWith("java-11-openjdk-")
          && Files.isExecutable(j.resolve("bin/javac")));
    }
  }

  /**
   * A user directory with the licence accepted, no offer to import the settings of an older
   * VisualVM found in {@code ~/.visualvm}, and the NBM waiting in {@code update/download} for the
   * updater.
   */
  private static Path freshUserdir(Path nbm) throws IOException {
    Files.createDirectories(Path.of("target"));
    Path userdir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "visualvm-user-");
    Files.createDirectories(userdir.resolve("var/log")); // the updater logs there
    Files.createFile(userdir.resolve("var/license_accepted"));
    Files.createFile(userdir.resolve("var/imported"));
    Path download = Files.createDirectories(userdir.resolve("update/download"));
    Files.copy(nbm, download.resolve(nbm.getFileName()));
    return userdir;
  }
}
