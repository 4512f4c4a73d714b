package dev.slabpool.agent.it;

import static dev.slabpool.agent.it.Processes.INSTALLED;
import static dev.slabpool.agent.it.Processes.javaagent;
import static dev.slabpool.agent.it.Processes.loadAgent;
import static dev.slabpool.agent.it.Processes.location;
import static dev.slabpool.agent.it.Processes.startApp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.agent.app.NoPoolApp;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.Host;
import dev.slabpool.testkit.LocalJmx;
import java.io.File;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/** Bad agent arguments, at start and at attach, never stop the application. */
class BadArgumentsIT {

  @Test
  void everyBadArgumentIsNamedAndTheApplicationRunsWithTheDefaults() throws Exception {
    try (ChildJvm app = startApp("bad-arguments", List.of(javaagent("verbose=true,bogus=1,"
        + "jmx=sideways,jmx.port=99999,pressure.threshold=2,policy=fifo,trace=no such,"
        + "trace.depth=0,novalue")))) {
      app.await(INSTALLED, ChildJvm.patience());
      assertThat(String.join("\n", app.output())).contains(
          "WARNING: ignored unknown agent argument bogus (known settings: config, jmx,",
          "WARNING: ignored bad value 'sideways' for 'jmx'",
          "WARNING: ignored bad value '99999' for 'jmx.port'",
          "WARNING: ignored bad value '2' for 'pressure.threshold'",
          "WARNING: ignored bad value 'fifo' for 'policy'",
          "WARNING: ignored bad value 'no such' for 'trace'",
          "WARNING: ignored bad value '0' for 'trace.depth'",
          "WARNING: ignored agent argument 'novalue': expected name=value");
      try (JMXConnector jmx = LocalJmx.connect(app.pid())) {
        MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
        ObjectName sessions = new ObjectName("dev.slabpool:type=SlabCache,name=sessions");
        ObjectName tracer = new ObjectName("dev.slabpool:type=PinTracer");
        assertThat(mbeans.getAttribute(sessions, "Policy")).isEqualTo("hot"); // the default
        assertThat(mbeans.getAttribute(tracer, "CallSiteDepth")).isEqualTo(1);
        assertThat(mbeans.getAttribute(tracer, "Instrumented")).isEqualTo(false);
        assertThat(mbeans.getAttribute(new ObjectName("dev.slabpool:type=SlabAllocator"),
            "PressureThreshold")).isEqualTo(0.0);
      }

      // And at attach: the application keeps running and answering.
      loadAgent(app.pid(), "jmx=,policy=lru;slab,insecure");
      app.await("ignored agent argument 'insecure'", ChildJvm.patience());
      app.ask("churn 10", "CHURNED 10", ChildJvm.patience());
      assertThat(app.ask("policy", "POLICY", ChildJvm.patience()))
          .isEqualTo("POLICY sessions=hot");
    }
  }

  @Test
  void withoutThePoolOnTheClassPathTheAgentStepsAside() {
    try (ChildJvm app = ChildJvm.java(NoPoolApp.class.getName())
        .classPath(location(NoPoolApp.class) + File.pathSeparator + location(Host.class))
        .jvmArgs(javaagent("verbose=true")).name("no-pool").start()) {
      app.awaitReady(ChildJvm.patience());
      assertThat(app.end(ChildJvm.patience())).isZero();
      assertThat(app.output()).anyMatch(l -> l.contains("WARNING: no slabpool pool classes on"
          + " the system class path"));
    }
  }
}
