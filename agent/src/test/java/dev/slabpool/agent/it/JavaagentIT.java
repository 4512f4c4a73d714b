package dev.slabpool.agent.it;

import static dev.slabpool.agent.it.Processes.INSTALLED;
import static dev.slabpool.agent.it.Processes.javaagent;
import static dev.slabpool.agent.it.Processes.startApp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/** The agent given with -javaagent: MBeans, pressure, default policy, weaving, a refused policy. */
class JavaagentIT {

  @Test
  void exposesTheCachesWeavesAndNeverHurtsTheApplication() throws Exception {
    try (ChildJvm app = startApp("javaagent", List.of(javaagent("verbose=true,policy=lru,"
        + "pressure.threshold=0.9,pressure.fraction=0.5,pressure.minIntervalMillis=250")))) {
      app.await(INSTALLED, ChildJvm.patience());
      try (JMXConnector jmx = LocalJmx.connect(app.pid())) {
        MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
        ObjectName sessions = new ObjectName("dev.slabpool:type=SlabCache,name=sessions");
        ObjectName buffers = new ObjectName("dev.slabpool:type=SlabCache,name=buffers");
        ObjectName allocator = new ObjectName("dev.slabpool:type=SlabAllocator");
        ObjectName tracer = new ObjectName("dev.slabpool:type=PinTracer");
        assertThat(mbeans.getAttribute(sessions, "Keyed")).isEqualTo(true);
        assertThat(mbeans.getAttribute(sessions, "TotalSlabs")).isEqualTo(16L);
        assertThat(mbeans.getAttribute(buffers, "Reclaimable")).isEqualTo(true);
        assertThat(mbeans.getAttribute(buffers, "ActiveObjects")).isEqualTo(64L);
        // policy=lru reached the keyed cache; the plain slab cache keeps its only policy
        assertThat(mbeans.getAttribute(sessions, "Policy")).isEqualTo("lru");
        assertThat(mbeans.getAttribute(buffers, "Policy")).isEqualTo("slab");
        assertThat(mbeans.getAttribute(allocator, "PressureThreshold")).isEqualTo(0.9);
        assertThat(mbeans.getAttribute(allocator, "PressureFraction")).isEqualTo(0.5);
        assertThat(mbeans.getAttribute(allocator, "PressureMinIntervalMillis")).isEqualTo(250L);
        assertThat(mbeans.getAttribute(tracer, "Instrumented")).isEqualTo(false);
        assertThat((String[]) mbeans.getAttribute(tracer, "TracedCaches")).isEmpty();

        // A @PooledType class loaded now is woven, and a cache of it works.
        assertThat(app.ask("weave Lease", "WOVEN Lease", ChildJvm.patience()))
            .isEqualTo("WOVEN Lease pooled=true field=private transient volatile int allocated=2"
                + " afterRace=2 casWrongExpected=false reclaimed=1");
        assertThat(app.ask("weave SubLease", "WOVEN SubLease", ChildJvm.patience()))
            .contains("pooled=true", "afterRace=2", "reclaimed=1");
        // One that cannot be woven loads anyway; the warning and the pool's error name it.
        assertThat(app.ask("weave ClashingLease", "NOT-WOVEN ClashingLease:",
            ChildJvm.patience())).contains("annotated @PooledType but was not woven");
        assertThat(app.output()).anyMatch(l -> l.contains("WARNING: could not weave the refcount"
            + " into dev.slabpool.agent.app.ClashingLease"));
        assertThat(mbeans.isRegistered(
            new ObjectName("dev.slabpool:type=SlabCache,name=woven-Lease"))).isTrue();

        // A keyed cache built now, on the application's thread, gets the default policy too.
        assertThat(app.ask("keyed late", "KEYED late", ChildJvm.patience()))
            .isEqualTo("KEYED late policy=lru");
      }
      // No JDK 24+ warning about sun.misc.Unsafe: the agent's Byte Buddy is told not to use it.
      assertThat(app.output()).noneMatch(l -> l.contains("sun.misc.Unsafe"));
      // main returns: nothing the agent started keeps the JVM alive.
      assertThat(app.end(ChildJvm.patience())).isZero();
    }
  }

  @Test
  void aDefaultPolicyTheApplicationCannotRunIsRefusedPerCacheAndNeverReachesTheApplication() {
    // policy=caffeine in a JVM without Caffeine: every keyed cache refuses the switch, the cache
    // present at start-up on the agent's thread and one built later on the application's thread.
    try (ChildJvm app = startApp("javaagent-no-caffeine", false,
        List.of(javaagent("verbose=true,policy=caffeine")))) {
      app.await(INSTALLED, ChildJvm.patience());
      assertThat(app.ask("keyed late", "KEYED late", ChildJvm.patience()))
          .isEqualTo("KEYED late policy=hot");
      for (String cache : List.of("sessions", "late")) {
        assertThat(app.output()).anyMatch(l -> l.contains("could not set reclaim policy"
            + " 'caffeine' on cache '" + cache + "'") && l.contains("needs Caffeine"));
      }
      assertThat(app.ask("policy", "POLICY", ChildJvm.patience()))
          .isEqualTo("POLICY sessions=hot");
      assertThat(app.end(ChildJvm.patience())).isZero();
    }
  }
}
