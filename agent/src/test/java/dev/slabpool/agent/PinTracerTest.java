package dev.slabpool.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import dev.slabpool.SlabCache;
import dev.slabpool.agent.trace.CallSiteCount;
import dev.slabpool.agent.trace.Holder;
import dev.slabpool.agent.trace.PinTracer;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The pin tracer on the real Instrumentation of this JVM: it retransforms this JVM's SlabCache.
 * (This test lives outside dev.slabpool.agent.trace, whose frames are never call sites.)
 */
class PinTracerTest {
  private static Instrumentation instrumentation;
  private static PinTracer tracer;
  private KeyedCache<Integer, String> cache;

  @BeforeAll
  static void install() {
    instrumentation = ByteBuddyAgent.getInstrumentation();
    tracer = PinTracer.install(instrumentation);
  }

  @BeforeEach
  void buildCache(TestInfo test) {
    cache = KeyedCache.<Integer, String>builder("trace-" + test.getTestMethod().get().getName())
        .objectsPerSlab(8).loader(k -> "value-" + k).build();
    churn(32);
  }

  @AfterEach
  void cleanUp() {
    tracer.disable(PinTracer.ALL);
    cache.destroy();
  }

  @Test
  void findsTheCallSiteThatHoldsReferences() {
    tracer.enable(cache.name());
    assertThat(tracer.isInstrumented()).isTrue();
    assertThat(tracer.getTracedCaches()).containsExactly(cache.name());
    List<CacheEntry<Integer, String>> held = holdThree();
    churn(100);

    List<CallSiteCount> top = tracer.topCallSites(cache.name(), 10);
    assertThat(top).hasSize(1);
    assertThat(top.get(0).getCallSite())
        .startsWith(PinTracerTest.class.getName() + ".holdThree(PinTracerTest.java:");
    assertThat(top.get(0).getReferences()).isEqualTo(3);
    List<Holder> oldest = tracer.oldestHolders(cache.name(), 2);
    assertThat(oldest).hasSize(2).allSatisfy(h -> {
      assertThat(h.getCallSite()).contains(".holdThree(");
      assertThat(h.getThread()).isEqualTo(Thread.currentThread().getName());
      // the pooled object behind the CacheEntry the caller holds
      assertThat(h.getObject()).startsWith("dev.slabpool.KeyedEntry@");
      assertThat(h.getAgeMillis()).isNotNegative();
    });
    assertThat(tracer.report(cache.name(), 5)).contains("3 references held",
        "TOP CALL SITES", ".holdThree(", "OLDEST HOLDERS");

    held.forEach(cache::release);
    assertThat(tracer.topCallSites(cache.name(), 10)).isEmpty();
  }

  @Test
  void callSitesCanSpanSeveralFrames() {
    tracer.setCallSiteDepth(2);
    try {
      tracer.enable(cache.name());
      List<CacheEntry<Integer, String>> held = holdThree();
      assertThat(tracer.topCallSites(cache.name(), 1).get(0).getCallSite())
          .matches(".*\\.holdThree\\(PinTracerTest\\.java:\\d+\\) < .*"
              + "\\.callSitesCanSpanSeveralFrames\\(PinTracerTest\\.java:\\d+\\)");
      held.forEach(cache::release);
    } finally {
      tracer.setCallSiteDepth(1);
    }
  }

  @Test
  void offRestoresTheOriginalBytesAndRunsNoTracingCode() {
    byte[] original = currentBytes();
    tracer.enable(cache.name());
    byte[] traced = currentBytes();
    tracer.disable(cache.name());
    // Behaviour first: reading the bytes retransforms the class, which would hide a missed reset.
    long calls = tracer.getHookCalls();
    churn(1000);
    assertThat(tracer.getHookCalls()).isEqualTo(calls);
    byte[] restored = currentBytes();

    // The code, method by method: the tracing calls are in, then out again.
    String hook = "call 184 dev/slabpool/agent/trace/PinTracer.";
    Map<String, List<String>> before = MethodCode.of(original);
    Map<String, List<String>> during = MethodCode.of(traced);
    assertThat(before.get("allocate()Ljava/lang/Object;")).noneMatch(i -> i.startsWith(hook));
    for (String method : List.of("allocate()Ljava/lang/Object;", "retain(Ljava/lang/Object;)Z",
        "release(Ljava/lang/Object;)I", "free(Ljava/lang/Object;)V")) {
      assertThat(during.get(method)).as(method).anyMatch(i -> i.startsWith(hook));
    }
    assertThat(during.get("reclaim(J)Ldev/slabpool/ReclaimResult;"))
        .isEqualTo(before.get("reclaim(J)Ldev/slabpool/ReclaimResult;"));
    assertThat(MethodCode.of(restored)).isEqualTo(before);
    assertThat(tracer.isInstrumented()).isFalse();
    assertThat(tracer.getTracedCaches()).isEmpty();
  }

  @Test
  void everyCacheAtOnceAndOneLess() {
    KeyedCache<Integer, String> other = KeyedCache.<Integer, String>builder("trace-other")
        .loader(k -> "other").build();
    try {
      tracer.enable(PinTracer.ALL);
      assertThat(tracer.getTracedCaches()).containsExactly(PinTracer.ALL);
      tracer.disable(other.name());
      assertThat(tracer.getTracedCaches()).contains(cache.name()).doesNotContain(other.name());
      assertThat(tracer.isInstrumented()).isTrue();
    } finally {
      other.destroy();
    }
  }

  @Test
  void badRequestsAreNamed() {
    assertThatThrownBy(() -> tracer.enable("no-such-cache"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no cache named 'no-such-cache'")
        .hasMessageContaining(cache.name());
    assertThatThrownBy(() -> tracer.topCallSites(cache.name(), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + cache.name() + "' is not traced");
    tracer.enable(cache.name());
    assertThatThrownBy(() -> tracer.oldestHolders(cache.name(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    assertThatThrownBy(() -> tracer.setCallSiteDepth(33))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("33");
    assertThat(tracer.isInstrumented()).isTrue();
  }

  private List<CacheEntry<Integer, String>> holdThree() {
    List<CacheEntry<Integer, String>> held = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      held.add(cache.lookup(k));
    }
    return held;
  }

  private void churn(int lookups) {
    for (int i = 0; i < lookups; i++) {
      cache.release(cache.lookup(i % 32));
    }
  }

  /** SlabCache's bytes as the JVM runs them now: what a transformer added last is given. */
  private static byte[] currentBytes() {
    byte[][] seen = new byte[1][];
    ClassFileTransformer capture = new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String name, Class<?> redefined,
          ProtectionDomain domain, byte[] bytes) {
        if (redefined == SlabCache.class) {
          seen[0] = bytes.clone();
        }
        return null;
      }
    };
    instrumentation.addTransformer(capture, true);
    try {
      instrumentation.retransformClasses(SlabCache.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      instrumentation.removeTransformer(capture);
    }
    return seen[0];
  }
}
