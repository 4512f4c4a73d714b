package dev.slabpool.agent.it;

import static dev.slabpool.agent.it.Processes.INSTALLED;
import static dev.slabpool.agent.it.Processes.cli;
import static dev.slabpool.agent.it.Processes.javaagent;
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
 * Pin tracing in a child JVM: on from the start (trace=sessions), then off and on again from the
 * command line. The child holds references from a method the test names, PoolApp.holdLeases.
 */
class PinTraceIT {
  private static final String HOLDER = "dev.slabpool.agent.app.PoolApp.holdLeases(PoolApp.java:";

  @Test
  void findsTheHoldingCallSiteAndRestoresTheCodeWhenOff() throws Exception {
    try (ChildJvm app = startApp("trace", List.of(javaagent("verbose=true,trace=sessions")));
        JMXConnector jmx = connectWhenInstalled(app)) {
      MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
      ObjectName tracer = new ObjectName("dev.slabpool:type=PinTracer");
      assertThat(mbeans.getAttribute(tracer, "Instrumented")).isEqualTo(true);

      app.ask("hold 5", "HELD 5", ChildJvm.patience());
      app.ask("churn 300", "CHURNED 300", ChildJvm.patience());
      Cli show = cli(app.pid(), "trace", "show", "sessions", "3");
      assertThat(show.exit()).as(show.output()).isZero();
      assertThat(show.output()).contains("pin trace of cache 'sessions'",
          "5 references held by traced call sites");
      assertThat(show.output().lines()).anyMatch(l -> l.matches(" +5  \\Q" + HOLDER + "\\E\\d+\\)"));
      assertThat(show.output().lines().filter(l -> l.contains(HOLDER) && l.contains(" main ")))
          .hasSize(3); // the three oldest holders, limit 3

      Cli off = cli(app.pid(), "trace", "off", "sessions");
      assertThat(off.exit()).as(off.output()).isZero();
      assertThat(off.output()).contains("traced now: nothing (SlabCache's original code restored)");
      assertThat(mbeans.getAttribute(tracer, "Instrumented")).isEqualTo(false);
      long calls = (Long) mbeans.getAttribute(tracer, "HookCalls");
      app.ask("churn 1000", "CHURNED 1000", ChildJvm.patience());
      assertThat(mbeans.getAttribute(tracer, "HookCalls")).isEqualTo(calls);
      Cli notTraced = cli(app.pid(), "trace", "show", "sessions");
      assertThat(notTraced.exit()).isEqualTo(1);
      assertThat(notTraced.output()).contains("'sessions' is not traced");

      // On again for every cache: references taken from now on are attributed.
      app.ask("release", "RELEASED", ChildJvm.patience());
      Cli on = cli(app.pid(), "trace", "on", "*");
      assertThat(on.output()).contains("pin tracing on for every cache; traced now: *");
      app.ask("hold 2", "HELD 2", ChildJvm.patience());
      assertThat(cli(app.pid(), "trace", "show", "sessions").output())
          .contains("2 references held").contains(HOLDER);
      assertThat(cli(app.pid(), "trace", "off", "*").output()).contains("traced now: nothing");
    }
  }

  private static JMXConnector connectWhenInstalled(ChildJvm app) throws Exception {
    app.await(INSTALLED, ChildJvm.patience());
    return LocalJmx.connect(app.pid());
  }
}
