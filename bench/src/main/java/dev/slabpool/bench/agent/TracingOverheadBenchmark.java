package dev.slabpool.bench.agent;

import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot path of a keyed cache, a lookup and its release, in a JVM without the agent, with the
 * agent, and with pin tracing switched by {@value #TRACING} (see
 * {@link dev.slabpool.bench.sections.AgentSection}, which runs it in each of those JVMs and
 * compares them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TracingOverheadBenchmark {
  /** System property of the forked JVM: {@code on}, {@code cycled} (on, then off) or unset. */
  public static final String TRACING = "slabpool.bench.tracing";
  private static final int KEYS = 4096;

  private KeyedCache<Integer, String> cache;
  private final Integer[] keys = new Integer[KEYS];
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    cache = KeyedCache.<Integer, String>builder("bench-sessions").objectsPerSlab(64)
        .objectSize(64).loader(k -> "session-" + k).build();
    for (int k = 0; k < KEYS; k++) {
      keys[k] = k;
      cache.release(cache.lookup(k));
    }
    String tracing = System.getProperty(TRACING, "");
    if (!tracing.isEmpty()) {
      ObjectName tracer = awaitTracer();
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      server.invoke(tracer, "enable", new Object[] {"*"}, new String[] {String.class.getName()});
      if (tracing.equals("cycled")) {
        server.invoke(tracer, "disable", new Object[] {"*"},
            new String[] {String.class.getName()});
      }
      System.out.println("pin tracer instrumented: "
          + server.getAttribute(tracer, "Instrumented"));
    }
  }

  /** The agent registers its MBeans on its own thread at start-up; wait for the tracer's. */
  private static ObjectName awaitTracer() throws Exception {
    ObjectName tracer = new ObjectName("dev.slabpool:type=PinTracer");
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    CountDownLatch registered = new CountDownLatch(1);
    NotificationListener listener = (n, handback) -> {
      if (n instanceof MBeanServerNotification m && tracer.equals(m.getMBeanName())) {
        registered.countDown();
      }
    };
    server.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener, null, null);
    try {
      if (!server.isRegistered(tracer) && !registered.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(TRACING + " is set, but the agent's " + tracer
            + " did not appear: run with -javaagent:slabpool-agent.jar");
      }
    } finally {
      server.removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener);
    }
    return tracer;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.destroy();
  }

  @Benchmark
  public void lookupRelease(Blackhole bh) {
    CacheEntry<Integer, String> e = cache.lookup(keys[next++ & (KEYS - 1)]);
    bh.consume(e.value());
    cache.release(e);
  }
}
