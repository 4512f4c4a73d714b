package dev.slabpool.agent.it;

import static dev.slabpool.agent.it.Processes.INSTALLED;
import static dev.slabpool.agent.it.Processes.appClassPath;
import static dev.slabpool.agent.it.Processes.javaagent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.agent.app.PoolApp;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four sources of the settings in a real JVM under the agent: agent arguments beat system
 * properties, which beat environment variables, which beat the config file; bad values, unknown
 * names and old spellings are warned about, and the application runs.
 */
class SettingsIT {

  @Test
  void eachSettingTakesTheFirstSourceThatGivesIt(@TempDir Path dir) throws Exception {
    Path config = Files.write(dir.resolve("slabpool.properties"), List.of(
        "pressure.fraction=0.1",           // beaten by the agent argument
        "policy=caffeine",                 // beaten by the environment, then the property
        "pressure.threshold=0.9",          // beaten by the environment
        "pressure.interval.ms=111",        // only here, under its old name
        "pressure.treshold=0.5"));         // a typo
    try (ChildJvm app = ChildJvm.java(PoolApp.class.getName()).classPath(appClassPath(true))
        .jvmArgs("-Dslabpool.policy=lru", "-Dslabpool.pressure.fraction=0.4",
            javaagent("verbose=true,config=" + config + ",pressure.fraction=0.5"))
        .env("SLABPOOL_POLICY", "hot").env("SLABPOOL_PRESSURE_THRESHOLD", "0.95")
        .env("SLABPOOL_TRACE_DEPTH", "zero").name("settings").start()) {
      app.awaitReady(ChildJvm.patience());
      app.await(INSTALLED, ChildJvm.patience());
      try (JMXConnector jmx = LocalJmx.connect(app.pid())) {
        MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
        ObjectName allocator = new ObjectName("dev.slabpool:type=SlabAllocator");
        assertThat(mbeans.getAttribute(allocator, "PressureFraction")).isEqualTo(0.5);
        assertThat(mbeans.getAttribute(allocator, "PressureThreshold")).isEqualTo(0.95);
        assertThat(mbeans.getAttribute(allocator, "PressureMinIntervalMillis")).isEqualTo(111L);
        assertThat(mbeans.getAttribute(
            new ObjectName("dev.slabpool:type=SlabCache,name=sessions"), "Policy"))
            .isEqualTo("lru");
        assertThat(mbeans.getAttribute(new ObjectName("dev.slabpool:type=PinTracer"),
            "CallSiteDepth")).isEqualTo(1);
      }
      String output = String.join("\n", app.output());
      assertThat(output).contains(
          "WARNING: ignored bad value 'zero' for 'trace.depth' from environment variable"
              + " SLABPOOL_TRACE_DEPTH (expected an integer from 1 to 32); using the default '1'",
          "WARNING: config file " + config + ", key pressure.interval.ms is deprecated: use"
              + " pressure.minIntervalMillis instead",
          "WARNING: ignored unknown config file " + config + ", key pressure.treshold (known"
              + " settings: config, jmx,",
          "applied: config=" + config + ",pressure.threshold=0.95,pressure.fraction=0.5,"
              + "pressure.minIntervalMillis=111,policy=lru,verbose=true");
      assertThat(app.end(ChildJvm.patience())).isZero();
    }
  }
}
