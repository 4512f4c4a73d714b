package dev.slabpool.agent.it;

import static dev.slabpool.agent.it.Processes.cli;
import static dev.slabpool.agent.it.Processes.loadAgent;
import static dev.slabpool.agent.it.Processes.startApp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.agent.it.Processes.Cli;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/**
 * The agent loaded into a running JVM (no -XX:+EnableDynamicAgentLoading: on JDK 21+ the JVM
 * warns, and the attach works), by the command line and by the Attach API directly.
 */
class AttachIT {

  @Test
  void attachingLoadsTheAgentOnceNamesClassesLoadedTooEarlyAndWeavesLaterOnes() throws Exception {
    try (ChildJvm app = startApp("attach", List.of(), "--load-early-lease")) {
      Cli first = cli(app.pid(), "list");
      assertThat(first.exit()).as(first.output()).isZero();
      assertThat(first.output()).contains("sessions", "keyed", "buffers");
      app.await("WARNING: class dev.slabpool.agent.app.EarlyLease is annotated @PooledType but"
          + " was loaded before the agent attached", ChildJvm.patience());

      assertThat(app.ask("weave EarlyLease", "NOT-WOVEN EarlyLease:", ChildJvm.patience()))
          .contains("a dev.slabpool.agent.app.EarlyLease, which does not implement",
              "was loaded before the slabpool agent attached");
      assertThat(app.ask("weave Lease", "WOVEN Lease", ChildJvm.patience()))
          .contains("pooled=true", "afterRace=2", "reclaimed=1");

      // Twice more: once by the command line, once with arguments through the Attach API.
      Cli second = cli(app.pid(), "list");
      assertThat(second.exit()).as(second.output()).isZero();
      assertThat(second.output().lines()).containsAll(first.output().lines().toList())
          .anyMatch(l -> l.startsWith("woven-Lease "));
      loadAgent(app.pid(), "policy=caffeine,verbose=true");
      app.await("slabpool-agent: attached again; applied: policy=caffeine", ChildJvm.patience());
      try (JMXConnector jmx = LocalJmx.connect(app.pid())) {
        MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
        assertThat(mbeans.getAttribute(new ObjectName("dev.slabpool:type=SlabCache,name=sessions"),
            "Policy")).isEqualTo("caffeine");
        assertThat(mbeans.queryNames(new ObjectName("dev.slabpool:type=PinTracer,*"), null))
            .hasSize(1);
        assertThat(mbeans.queryNames(new ObjectName("dev.slabpool:type=SlabAllocator,*"), null))
            .hasSize(1);
      }
      assertThat(app.output()).filteredOn(l -> l.contains("slabpool-agent: WARNING"))
          .hasSize(1); // only EarlyLease: the later installations complained about nothing
      assertThat(app.ask("policy", "POLICY", ChildJvm.patience()))
          .isEqualTo("POLICY sessions=caffeine");
    }
  }
}
