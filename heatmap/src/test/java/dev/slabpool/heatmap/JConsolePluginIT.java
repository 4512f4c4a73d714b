package dev.slabpool.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.GuiScript;
import dev.slabpool.testkit.Xvfb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real JConsole, under Xvfb, loads the plugin jar with {@code -pluginpath}, connects to a JVM
 * with slabpool caches, shows the Slabs tab (screenshots in {@code target/screenshots/}) and
 * reclaims with its button; the slabs are gone when read back through JMX.
 */
class JConsolePluginIT {

  @Test
  void slabsTabShowsTheHeatMapAndReclaims() throws Exception {
    Path plugin = Path.of(System.getProperty("heatmap.jar"));
    assertThat(plugin).as("the packaged plugin jar").isRegularFile();
    try (Xvfb display = Xvfb.startOrSkip();
        ChildJvm host = ChildJvm.java(SlabsHost.class.getName()).name("slabs-host").start()) {
      host.awaitReady(ChildJvm.patience());
      assertThat(SlabsTab.totalSlabs(host.pid())).isEqualTo(SlabsHost.BUFFER_SLABS);

      List<String> steps = new ArrayList<>(List.of(
          "window Java Monitoring",
          "size 1280x900",
          "click ^Insecure connection$",
          "gone Connecting to"));
      steps.addAll(SlabsTab.steps("jconsole"));
      GuiScript script = GuiScript.of(Path.of("target", "gui"), steps);
      try (ChildJvm jconsole = ChildJvm.command(ChildJvm.tool("jconsole").toString(),
              "-interval=1", "-pluginpath", plugin.toString(), "-J" + script.javaagentOption(),
              Long.toString(host.pid()))
          .env("DISPLAY", display.display()).name("jconsole").start()) {
        script.awaitDone(jconsole, ChildJvm.patience());
      }

      assertThat(SlabsTab.totalSlabs(host.pid()))
          .isEqualTo(SlabsHost.BUFFER_SLABS - SlabsTab.PAGES);
      assertThat(Path.of("target/screenshots/jconsole-slabs.png")).isNotEmptyFile();
      assertThat(Files.size(Path.of("target/screenshots/jconsole-slabs-reclaimed.png")))
          .isPositive();
    }
  }
}
