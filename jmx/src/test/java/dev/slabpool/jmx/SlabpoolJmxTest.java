package dev.slabpool.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.slabpool.Mover;
import dev.slabpool.ReclaimResult;
import dev.slabpool.SlabCache;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.testkit.ChildJvm;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MXBeans in process: how they follow the registry, hold caches, and notify. */
class SlabpoolJmxTest {
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final List<SlabCache<?>> caches = new ArrayList<>();

  @AfterEach
  void tearDown() {
    caches.forEach(SlabCache::destroy);
    SlabpoolJmx.install().close();
  }

  private SlabCache<TestCaches.Buffer> cache(SlabCache.Builder<TestCaches.Buffer> builder) {
    SlabCache<TestCaches.Buffer> c = builder.build();
    caches.add(c);
    return c;
  }

  @Test
  void mbeansFollowTheRegistry() throws Exception {
    SlabCache<TestCaches.Buffer> before = cache(TestCaches.reclaimable("before", 4));
    TestCaches.fill(before, 3, 0);
    SlabpoolJmx jmx = SlabpoolJmx.install();
    assertThat(SlabpoolJmx.install()).isSameAs(jmx);
    SlabCache<TestCaches.Buffer> after = cache(TestCaches.reclaimable("after", 4));
    TestCaches.fill(after, 5, 0);

    assertThat(server.getAttribute(SlabpoolJmx.cacheObjectName("before"), "TotalSlabs"))
        .isEqualTo(3L);
    assertThat(server.getAttribute(SlabpoolJmx.cacheObjectName("after"), "TotalSlabs"))
        .isEqualTo(5L);
    assertThat(server.queryNames(new ObjectName("dev.slabpool:type=SlabCache,*"), null))
        .contains(SlabpoolJmx.cacheObjectName("before"), SlabpoolJmx.cacheObjectName("after"));

    after.destroy();
    assertThat(server.isRegistered(SlabpoolJmx.cacheObjectName("after"))).isFalse();

    // A new cache of the same name gets its own MXBean.
    SlabCache<TestCaches.Buffer> again = cache(TestCaches.reclaimable("after", 4));
    TestCaches.fill(again, 2, 0);
    assertThat(server.getAttribute(SlabpoolJmx.cacheObjectName("after"), "TotalSlabs"))
        .isEqualTo(2L);

    jmx.close();
    assertThat(server.queryNames(new ObjectName("dev.slabpool:*"), null)).isEmpty();
    assertThat(SlabpoolJmx.install()).isNotSameAs(jmx);
    assertThat(server.isRegistered(SlabpoolJmx.cacheObjectName("before"))).isTrue();
  }

  @Test
  void anMBeanNeverKeepsItsCacheAlive() throws Exception {
    SlabpoolJmx.install();
    WeakReference<SlabCache<?>> ref = unreferencedCache("weak");
    ObjectName name = SlabpoolJmx.cacheObjectName("weak");
    assertThat(server.isRegistered(name)).isTrue();

    for (int i = 0; i < 100 && ref.get() != null; i++) {
      System.gc();
    }

    assertThat(ref.get()).as("cache collected while its MXBean is registered").isNull();
    Throwable error = catchThrowable(() -> server.getAttribute(name, "TotalSlabs"));
    assertThat(error).isInstanceOf(RuntimeMBeanException.class);
    assertThat(error.getCause()).isInstanceOf(IllegalStateException.class)
        .hasMessage("cache 'weak' no longer exists: it was garbage collected");
    assertThat(server.isRegistered(name)).isFalse();
  }

  private static WeakReference<SlabCache<?>> unreferencedCache(String name) {
    SlabCache<TestCaches.Buffer> c = TestCaches.reclaimable(name, 4).build();
    TestCaches.fill(c, 2, 0);
    return new WeakReference<>(c);
  }

  @Test
  void compactMovesAPlainCachesObjectsWhenItHasAMoverAndIsRefusedWithout() throws Exception {
    SlabpoolJmx.install();
    AtomicReference<SlabCache<TestCaches.Buffer>> self = new AtomicReference<>();
    SlabCache<TestCaches.Buffer> movable = cache(TestCaches.reclaimable("movable", 4)
        .mover((from, to) -> {
          self.get().release(to); // nothing indexes a Buffer: moving is copying the payload
          return Mover.Answer.MOVED;
        }));
    self.set(movable);
    SlabCache<TestCaches.Buffer> fixed = cache(TestCaches.reclaimable("fixed", 4));
    for (SlabCache<TestCaches.Buffer> c : List.of(movable, fixed)) {
      List<TestCaches.Buffer> all = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        all.add(c.allocate());
      }
      for (int i = 0; i < all.size(); i++) {
        if (i % 2 == 0) {
          c.free(all.get(i)); // every slab half full
        } else {
          c.release(all.get(i));
        }
      }
    }

    Object freed = server.invoke(SlabpoolJmx.cacheObjectName("movable"), "compact",
        new Object[0], new String[0]);
    assertThat(freed).isEqualTo(2L);
    assertThat(movable.stats().totalSlabs()).isEqualTo(2);
    assertThat(movable.stats().moves().moved()).isEqualTo(4);
    assertThat(server.getAttribute(SlabpoolJmx.cacheObjectName("movable"), "ObjectsMoved"))
        .isEqualTo(4L);
    assertThat(server.getAttribute(SlabpoolJmx.cacheObjectName("movable"), "Movable"))
        .isEqualTo(true);
    assertThat(server.getAttribute(SlabpoolJmx.cacheObjectName("fixed"), "Movable"))
        .isEqualTo(false);

    Throwable refused = catchThrowable(() -> server.invoke(SlabpoolJmx.cacheObjectName("fixed"),
        "compact", new Object[0], new String[0]));
    assertThat(refused).isInstanceOf(RuntimeMBeanException.class).cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cache 'fixed' cannot move its objects: it is neither keyed nor built with a"
            + " mover");
    assertThat(fixed.stats().totalSlabs()).isEqualTo(4);
  }

  @Test
  void theMBeanOfADestroyedCacheFailsClearly() {
    String name = "destroyed-under-bean";
    SlabCache<TestCaches.Buffer> c = TestCaches.reclaimable(name, 4).build();
    TestCaches.fill(c, 2, 0);
    AtomicReference<SlabCacheBean> gone = new AtomicReference<>();
    ScheduledExecutorService notifier = Executors.newSingleThreadScheduledExecutor();
    try {
      SlabCacheBean bean = new SlabCacheBean(c, SlabpoolJmx.cacheObjectName(name),
          notifier, gone::set);
      assertThat(bean.getTotalSlabs()).isEqualTo(2);

      c.destroy();

      assertThatThrownBy(() -> bean.reclaim(1)).isInstanceOf(IllegalStateException.class)
          .hasMessage("cache 'destroyed-under-bean' is destroyed");
      assertThat(gone.get()).isSameAs(bean);
    } finally {
      notifier.shutdownNow();
    }
  }

  @Test
  void memoryCapReclaimsAreCoalescedAndRequestsAreNot() throws Exception {
    SlabpoolJmx.install();
    SlabCache<TestCaches.Buffer> capped = cache(TestCaches.reclaimable("capped", 4)
        .memoryCapSlabs(2));
    ObjectName name = SlabpoolJmx.cacheObjectName("capped");
    BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
    NotificationListener listener = (n, handback) -> received.add(n);
    server.addNotificationListener(name, listener, null, null);
    AtomicLong capReclaims = new AtomicLong();
    SlabCacheRegistry.Listener counter = new SlabCacheRegistry.Listener() {
      @Override
      public void reclaimed(ReclaimResult r) {
        if (r.cache().equals("capped") && r.cause() == ReclaimResult.Cause.MEMORY_CAP) {
          capReclaims.incrementAndGet();
        }
      }
    };
    SlabCacheRegistry.addListener(counter);
    try {
      for (int i = 0; i < 400; i++) {
        capped.release(capped.allocate());
      }
      capped.reclaim(1);
    } finally {
      SlabCacheRegistry.removeListener(counter);
    }

    // The request comes first: memory-cap reclaims are summed for a second.
    CompositeData request = userData(received.poll(patience(), TimeUnit.SECONDS));
    assertThat(request.get("cause")).isEqualTo("REQUEST");
    assertThat(request.get("reclaims")).isEqualTo(1L);
    assertThat(request.getCompositeType()).isEqualTo(ReclaimInfo.TYPE);
    long summed = 0;
    int notifications = 0;
    while (summed < capReclaims.get()) {
      CompositeData sum = userData(received.poll(patience(), TimeUnit.SECONDS));
      assertThat(sum.get("cause")).isEqualTo("MEMORY_CAP");
      assertThat((long) sum.get("slabsFreed")).isEqualTo(sum.get("reclaims"));
      summed += (long) sum.get("reclaims");
      notifications++;
    }
    assertThat(summed).isEqualTo(capReclaims.get()).isGreaterThan(90);
    assertThat(notifications).isLessThan((int) capReclaims.get());
    server.removeNotificationListener(name, listener);
  }

  private static long patience() {
    return ChildJvm.patience().toSeconds();
  }

  private static CompositeData userData(Notification n) {
    assertThat(n).as("notification").isNotNull();
    assertThat(n.getType()).isEqualTo(SlabpoolJmx.RECLAIM_NOTIFICATION);
    return (CompositeData) n.getUserData();
  }

  @Test
  void reclaimInfoHasTheOpenTypeTheMxBeanFrameworkDerives() throws Exception {
    SlabpoolJmx.install();
    cache(TestCaches.reclaimable("typed", 4));
    MBeanOperationInfo reclaim = List.of(server.getMBeanInfo(SlabpoolJmx.cacheObjectName("typed"))
        .getOperations()).stream().filter(op -> op.getName().equals("reclaim")).findFirst()
        .orElseThrow();
    assertThat(reclaim.getDescriptor().getFieldValue("openType")).isEqualTo(ReclaimInfo.TYPE);
    ReclaimInfo info = new ReclaimInfo("typed", "slab", "REQUEST", 1, 2, 3, 4, 1);
    assertThat(ReclaimInfo.from(info.toCompositeData())).usingRecursiveComparison()
        .isEqualTo(info);
  }

  @Test
  void reclaimAllTakesTheSameFractionOfEveryReclaimableCache() throws Exception {
    SlabpoolJmx.install();
    TestCaches.fill(cache(TestCaches.reclaimable("tenth", 4)), 10, 0);
    TestCaches.fill(cache(TestCaches.reclaimable("three", 4)), 3, 0);
    SlabCache<TestCaches.Buffer> fixed = cache(SlabCache.builder("unreclaimable",
        TestCaches.Buffer::new).objectsPerSlab(4));
    fixed.allocate();

    CompositeData[] results = (CompositeData[]) server.invoke(SlabpoolJmx.ALLOCATOR,
        "reclaimAll", new Object[] {0.25}, new String[] {"double"});

    assertThat(results).extracting(r -> r.get("cache") + "=" + r.get("slabsFreed"))
        .containsExactlyInAnyOrder("tenth=3", "three=1");
  }

  @Test
  void pressureStartsFromSystemPropertiesAndABadOneIsAWarningNotAFailure() {
    List<String> warnings = new ArrayList<>();
    Logger log = Logger.getLogger(SlabpoolJmx.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel() == java.util.logging.Level.WARNING) {
          warnings.add(record.getMessage());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(capture);
    System.setProperty("slabpool.pressure.fraction", "0.5");
    System.setProperty("slabpool.pressure.minIntervalMillis", "250");
    try {
      SlabpoolJmx jmx = SlabpoolJmx.install();
      assertThat(jmx.pressure().fraction()).isEqualTo(0.5);
      assertThat(jmx.pressure().minIntervalMillis()).isEqualTo(250);
      assertThat(jmx.pressure().threshold()).isZero();
      assertThat(warnings).noneMatch(w -> w.contains("pressure"));
      jmx.close();

      System.setProperty("slabpool.pressure.fraction", "lots");
      System.setProperty("slabpool.pressure.minIntervalMillis", "-5");
      jmx = SlabpoolJmx.install();
      assertThat(jmx.pressure().fraction()).isEqualTo(0.25);
      assertThat(jmx.pressure().minIntervalMillis()).isEqualTo(10_000);
      assertThat(server.isRegistered(SlabpoolJmx.ALLOCATOR)).isTrue();
      assertThat(warnings).contains("slabpool: ignored bad value 'lots' for 'pressure.fraction'"
          + " from system property slabpool.pressure.fraction (expected a number above 0 to 1);"
          + " using the default '0.25'");
      assertThat(warnings).anyMatch(w -> w.contains("'-5'")
          && w.contains("system property slabpool.pressure.minIntervalMillis")
          && w.contains("using the default '10000'"));
    } finally {
      log.removeHandler(capture);
      System.clearProperty("slabpool.pressure.fraction");
      System.clearProperty("slabpool.pressure.minIntervalMillis");
    }
  }
}
