package dev.slabpool.bench.agent;

import dev.slabpool.keyed.CacheEntry;
import dev.slabpool.keyed.KeyedCache;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
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
 * agent, and with pin tracing switched by {@value #TRACING} (see {@link AgentBenchmarks}, which
 * runs it in each of those JVMs and compares them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TracingOverheadBenchmark {
  /** System property of the forked JVM: {@code on}, {@code cycled} (on, then off) or unset. */
  static final String TRACING = "slabpool.bench.tracing";
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

  /** The agent registers its MBeans on its own thread at start-up; wait for them. */
  private static ObjectName awaitTracer() throws Exception {
    ObjectName tracer = new ObjectName("dev.slabpool:type=PinTracer");
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!server.isRegistered(tracer)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(TRACING + " is set, but the agent's " + tracer
            + " did not appear: run with -javaagent:slabpool-agent.jar");
      }
      Thread.sleep(10);
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
