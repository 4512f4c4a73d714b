package dev.slabpool.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.PooledObject;
import dev.slabpool.SlabCache;
import dev.slabpool.agent.trace.PinTracer;
import dev.slabpool.agent.trace.PinTracerJmx;
import dev.slabpool.jmx.client.SlabpoolClient;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jmx module's client of the pin tracer against the agent's real PinTracer MBean in this
 * JVM: the attribute and operations it names are the MBean's, with the types it says.
 */
class PinTracerClientTest {
  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  private final SlabpoolClient client = new SlabpoolClient(SERVER);

  /** A pooled object. */
  static final class Item extends PooledObject {}

  @BeforeAll
  static void register() throws Exception {
    PinTracerJmx.register(PinTracer.install(ByteBuddyAgent.getInstrumentation()));
  }

  @AfterAll
  static void unregister() throws Exception {
    SERVER.unregisterMBean(SlabpoolClient.PIN_TRACER);
  }

  @Test
  void theNamesTheClientUsesAreTheTracersWithTheirTypes() throws Exception {
    MBeanInfo info = SERVER.getMBeanInfo(SlabpoolClient.PIN_TRACER);

    assertThat(info.getAttributes()).filteredOn(a -> a.getName().equals("TracedCaches"))
        .extracting(MBeanAttributeInfo::getType).containsExactly(String[].class.getName());
    assertThat(info.getOperations()).extracting(PinTracerClientTest::signature).contains(
        "void enable(java.lang.String)", "void disable(java.lang.String)",
        "java.lang.String report(java.lang.String, int)");
    assertThat(client.hasPinTracer()).isTrue();
  }

  @Test
  void everyOperationReachesTheTracerAndRefusalsComeAsJmxSendsThem() throws Exception {
    SlabCache<Item> cache = SlabCache.builder("tracer-client", Item::new).objectsPerSlab(4)
        .build();
    try {
      // Refused before anything is retransformed: the tracer itself answers.
      assertThatThrownBy(() -> client.enableTracing("tracer-none"))
          .isInstanceOf(RuntimeMBeanException.class)
          .rootCause().hasMessageStartingWith("no cache named 'tracer-none' (caches: ");
      assertThatThrownBy(() -> client.traceReport("tracer-client", 3))
          .isInstanceOf(RuntimeMBeanException.class)
          .hasRootCauseMessage("cache 'tracer-client' is not traced (traced: ); turn tracing on"
              + " first");
      client.disableTracing("tracer-client");
      assertThat(client.tracedCaches()).isEmpty();

      // The rows the command line's trace show --json gives, by their item names.
      client.enableTracing("tracer-client");
      Item held = cache.allocate();
      try {
        CompositeData[] sites = client.topCallSites("tracer-client", 5);
        assertThat(sites).hasSize(1);
        assertThat(sites[0].getCompositeType().keySet()).containsExactly("callSite",
            "references");
        assertThat(sites[0].get("references")).isEqualTo(1L);
        CompositeData[] holders = client.oldestHolders("tracer-client", 5);
        assertThat(holders).hasSize(1);
        assertThat(holders[0].getCompositeType().keySet()).containsExactly("ageMillis",
            "callSite", "object", "thread");
        assertThat(holders[0].get("thread")).isEqualTo(Thread.currentThread().getName());
      } finally {
        cache.release(held);
        client.disableTracing("tracer-client");
      }
      assertThat(client.tracedCaches()).isEmpty();
    } finally {
      cache.destroy();
    }
  }

  private static String signature(MBeanOperationInfo op) {
    return op.getReturnType() + " " + op.getName() + Arrays.stream(op.getSignature())
        .map(MBeanParameterInfo::getType).collect(Collectors.joining(", ", "(", ")"));
  }
}
