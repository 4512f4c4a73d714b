package dev.slabpool.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.GuiScript;
import dev.slabpool.testkit.Xvfb;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The real JConsole, under Xvfb, connects to a JVM with caches by pid and shows the MXBean of a
 * cache: its attributes, and its operations as buttons. The screens are saved under
 * {@code target/screenshots/}.
 */
class JConsoleTest {

  @Test
  void jconsoleShowsTheCacheMBean() throws Exception {
    try (Xvfb display = Xvfb.startOrSkip();
        HostedCaches host = HostedCaches.start("jconsole-host")) {
      host.slabCache("console-cache", 12, 3);
      Path shots = Path.of("target", "screenshots").toAbsolutePath();
      Path attributes = shots.resolve("jconsole-slabcache-attributes.png");
      Path operations = shots.resolve("jconsole-slabcache-operations.png");
      GuiScript script = GuiScript.of(Path.of("target", "gui"), List.of(
          "window Java Monitoring",
          "click ^Insecure connection$",
          "gone Connecting to",
          "tab MBeans",
          "tree ^dev.slabpool$ > ^console-cache$ > ^Attributes$",
          // The attribute table is filled in the background: wait for our SlabInfo value.
          "wait-text console-cache policy=slab active_objs=192 num_objs=192",
          "screenshot " + attributes,
          // Operations are buttons named after them.
          "tree ^dev.slabpool$ > ^console-cache$ > ^Operations$",
          "wait-text ^reclaim$",
          "wait-text ^shrink$",
          "wait-text ^resetStatistics$",
          "screenshot " + operations));
      try (ChildJvm jconsole = ChildJvm.command(ChildJvm.tool("jconsole").toString(),
              "-J" + script.javaagentOption(), Long.toString(host.child.pid()))
          .env("DISPLAY", display.display()).name("jconsole").start()) {
        script.awaitDone(jconsole, ChildJvm.patience());
      }
      assertThat(script.report()).contains("DONE");
      for (Path shot : List.of(attributes, operations)) {
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).as(shot.toString()).isGreaterThan(400);
        assertThat(image.getHeight()).as(shot.toString()).isGreaterThan(300);
      }
    }
  }
}
