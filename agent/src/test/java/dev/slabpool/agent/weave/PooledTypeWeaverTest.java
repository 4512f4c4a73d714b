package dev.slabpool.agent.weave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.Pooled;
import dev.slabpool.SlabCache;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The weaver on the real Instrumentation of this JVM, loading classes through the JVM. */
class PooledTypeWeaverTest {
  private static final String APP = "dev.slabpool.agent.app.";
  private static Instrumentation instrumentation;
  private static PooledTypeWeaver weaver;
  /** Loaded before the weaver was installed. */
  private static Class<?> early;

  @BeforeAll
  static void install() throws Exception {
    instrumentation = ByteBuddyAgent.getInstrumentation();
    early = new IsolatedLoader().loadClass(APP + "EarlyLease");
    weaver = PooledTypeWeaver.install(instrumentation);
  }

  @Test
  void wovenClassCarriesTheRefcountContractAndLivesInASlabCache() throws Exception {
    Class<?> lease = new IsolatedLoader().loadClass(APP + "Lease");
    assertThat(Pooled.class.isAssignableFrom(lease)).isTrue();
    Field refcount = lease.getDeclaredField("slabpool$refcount");
    assertThat(refcount.getType()).isEqualTo(int.class);
    assertThat(Modifier.toString(refcount.getModifiers())).isEqualTo("private transient volatile");
    Field updater = lease.getDeclaredField("slabpool$REFCOUNT");
    assertThat(Modifier.toString(updater.getModifiers())).isEqualTo("private static final");
    updater.setAccessible(true);
    assertThat(updater.get(null)).isInstanceOf(AtomicIntegerFieldUpdater.class);

    SlabCache<Object> cache = cacheOf("weaver-lease", lease);
    try {
      Object o = cache.allocate();
      Pooled p = (Pooled) o;
      assertThat(p.slabpoolRefcount()).isEqualTo(2);
      assertThat(p.slabpoolSlot()).isNotNull();
      assertThat(cache.retain(o)).isTrue();
      assertThat(p.slabpoolCompareAndSetRefcount(3, 10)).isTrue();
      assertThat(p.slabpoolCompareAndSetRefcount(3, 4)).isFalse();
      assertThat(p.slabpoolCompareAndSetRefcount(10, 3)).isTrue();
      cache.release(o);
      assertThat(hammer(cache, o)).isEqualTo(2); // no update lost: the CAS is atomic
      cache.release(o);
      assertThat(cache.reclaim(1).slabsFreed()).isEqualTo(1);
    } finally {
      cache.destroy();
    }
  }

  @Test
  void annotatedSubclassInheritsTheWovenRefcount() throws Exception {
    Class<?> sub = new IsolatedLoader().loadClass(APP + "SubLease");
    assertThat(Pooled.class.isAssignableFrom(sub)).isTrue();
    assertThat(sub.getDeclaredFields()).extracting(Field::getName).containsExactly("renewals");
    SlabCache<Object> cache = cacheOf("weaver-sublease", sub);
    try {
      Object o = cache.allocate();
      assertThat(cache.refcount(o)).isEqualTo(2);
      cache.release(o);
      assertThat(cache.reclaim(1).slabsFreed()).isEqualTo(1);
    } finally {
      cache.destroy();
    }
  }

  @Test
  void classThatCannotBeWovenStillLoadsAndIsNamed() throws Exception {
    String printed = stderrOf(() -> new IsolatedLoader().loadClass(APP + "ClashingLease"));
    assertThat(printed).contains("could not weave the refcount into " + APP + "ClashingLease",
        "Duplicate method signature");
    Class<?> clashing = new IsolatedLoader().loadClass(APP + "ClashingLease");
    assertThat(Pooled.class.isAssignableFrom(clashing)).isFalse();
    assertThatThrownBy(() -> cacheOf("weaver-clash", clashing).allocate())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(APP + "ClashingLease")
        .hasMessageContaining("annotated @PooledType");
  }

  @Test
  void theUpdaterIsCreatedBeforeTheClassesOwnStaticInitializerRuns() throws Exception {
    Class<?> lease = new IsolatedLoader().loadClass(APP + "InitializedLease");
    assertThat(Pooled.class.isAssignableFrom(lease)).isTrue();
    assertThat(lease.getField("SUM").getInt(null)).isEqualTo(45); // its own code, frames and all
    Pooled p = (Pooled) lease.getDeclaredConstructor().newInstance();
    assertThat(p.slabpoolCompareAndSetRefcount(0, 1)).isTrue();
    assertThat(p.slabpoolRefcount()).isEqualTo(1);
    p.slabpoolSlot("slot");
    assertThat(p.slabpoolSlot()).isEqualTo("slot");
  }

  @Test
  void aGenericClassNamesTheWovenInterfaceInItsGenericSignatureToo() throws Exception {
    Class<?> lease = new IsolatedLoader().loadClass(APP + "GenericLease");
    assertThat(lease.getInterfaces()).containsExactly(Supplier.class, Pooled.class);
    assertThat(lease.getGenericInterfaces()).hasSize(2);
    assertThat(lease.getGenericInterfaces()[0].getTypeName())
        .isEqualTo("java.util.function.Supplier<T>");
    assertThat(lease.getGenericInterfaces()[1]).isEqualTo(Pooled.class);
  }

  @Test
  void classesThatOnlyMentionTheAnnotationOrDeclareTheRefcountAreLeftAsTheyAre()
      throws Exception {
    for (String name : List.of("MentionsPooledType", "ExtendsPooledObject")) {
      byte[] bytes = IsolatedLoader.classFile(APP + name);
      assertThat(PooledTypeWeaver.mentionsPooledType(bytes)).as(name).isTrue();
      assertThat(weaver.transform(null, new IsolatedLoader(), APP.replace('.', '/') + name,
          null, null, bytes)).as(name).isNull();
    }
    assertThat(new IsolatedLoader().loadClass(APP + "ExtendsPooledObject").getDeclaredFields())
        .extracting(Field::getName).containsExactly("holder");
  }

  @Test
  void anAnnotatedInterfaceIsRefusedAndLoadsAsItIs() throws Exception {
    List<Class<?>> loaded = new ArrayList<>();
    String printed = stderrOf(() -> loaded.add(
        new IsolatedLoader().loadClass(APP + "PooledInterface")));
    assertThat(printed).contains("could not weave the refcount into " + APP + "PooledInterface",
        "@PooledType is on an interface");
    assertThat(loaded.get(0).getInterfaces()).isEmpty();
  }

  @Test
  void onlyClassesMentioningTheAnnotationReachByteBuddy() {
    byte[] lease = IsolatedLoader.classFile(APP + "Lease");
    byte[] app = IsolatedLoader.classFile(APP + "PoolApp");
    assertThat(PooledTypeWeaver.mentionsPooledType(lease)).isTrue();
    assertThat(PooledTypeWeaver.mentionsPooledType(app)).isFalse();
    assertThat(weaver.transform(null, new IsolatedLoader(), APP.replace('.', '/') + "PoolApp",
        null, null, app)).isNull();
  }

  @Test
  void classesLoadedBeforeTheAgentAreNamed() throws Exception {
    Class<?> lease = new IsolatedLoader().loadClass(APP + "Lease");
    List<String> named = new ArrayList<>();
    String printed = stderrOf(() -> named.addAll(PooledTypeWeaver.reportLoadedTooEarly(
        new Class<?>[] {String.class, int[].class, lease, early, PooledTypeWeaverTest.class})));
    assertThat(named).containsExactly(APP + "EarlyLease");
    assertThat(printed).contains("class " + APP + "EarlyLease is annotated @PooledType but was"
        + " loaded before the agent attached").doesNotContain(APP + "Lease ");
  }

  private static SlabCache<Object> cacheOf(String name, Class<?> type) {
    Supplier<Object> factory = () -> {
      try {
        return type.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    };
    return SlabCache.builder(name, factory).objectsPerSlab(4).reclaimable((o, mode) -> true)
        .build();
  }

  /** Four threads retain and release one object 20000 times each; returns its refcount after. */
  private static int hammer(SlabCache<Object> cache, Object o) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 20_000; i++) {
          cache.retain(o);
          cache.release(o);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    return cache.refcount(o);
  }

  private interface Action {
    void run() throws Exception;
  }

  private static String stderrOf(Action action) throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
