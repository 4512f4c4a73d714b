package dev.slabpool.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.AttributeChangeNotification;
import javax.management.AttributeChangeNotificationFilter;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.Notification;
import javax.management.NotificationFilterSupport;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import dev.slabpool.testkit.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MXBeans as a real JMX client sees them: a child JVM with caches (and no Micrometer), reached
 * through its local connector on loopback.
 */
class RemoteJmxTest {
  private static HostedCaches host;

  @BeforeAll
  static void startHost() throws Exception {
    host = HostedCaches.start("remote-jmx");
  }

  @AfterAll
  static void stopHost() throws Exception {
    if (host != null) {
      host.close();
    }
  }

  private static Object get(ObjectName name, String attribute) throws Exception {
    return host.server.getAttribute(name, attribute);
  }

  private static CompositeData reclaim(ObjectName name, long pages) throws Exception {
    return (CompositeData) host.server.invoke(name, "reclaim", new Object[] {pages},
        new String[] {"long"});
  }

  @Test
  void attributesShowTheStatisticsAsOpenTypes() throws Exception {
    host.slabCache("attrs", 10, 3);
    ObjectName name = SlabpoolJmx.cacheObjectName("attrs");
    String[] names = {"Name", "Keyed", "Reclaimable", "Arenas", "ObjectSize", "ObjectsPerSlab",
        "ActiveObjects", "TotalObjects", "ActiveSlabs", "TotalSlabs", "PartialSlabs", "FreeSlabs",
        "FullSlabs", "BytesHeld", "RequestedBytes", "Density", "PinnedObjects", "Occupancy",
        "SlabsReclaimed", "ObjectsReclaimed", "CirculationFrees", "DestructorRefusals", "SlabMap",
        "Policy", "Circulation", "MemoryCap", "SlabInfo"};
    AttributeList read = host.server.getAttributes(name, names);
    assertThat(read.asList()).extracting(Attribute::getName).containsExactly(names);
    assertThat(read.asList()).extracting(Attribute::getValue).containsExactly("attrs", false,
        true, 1, 256, 16, 160L, 160L, 10L, 10L, 0L, 0L, 10L, 10L * 16 * 256, -1L, 1.0, 3L,
        occupancy(16, 16, 10), 0L, 0L, 0L, 0L, read.asList().get(22).getValue(), "slab", 2,
        Long.MAX_VALUE, read.asList().get(26).getValue());

    CompositeData map = (CompositeData) get(name, "SlabMap");
    assertThat(map.get("objectsPerSlab")).isEqualTo(16);
    assertThat((long[]) map.get("serial")).hasSize(10).isSorted();
    assertThat((int[]) map.get("arena")).containsOnly(0);
    assertThat((int[]) map.get("active")).containsOnly(16);
    assertThat((int[]) map.get("pinned")).containsExactly(1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
    assertThat((int[]) map.get("hot")).as("a slab cache keeps no access state").containsOnly(0);
    assertThat((String) get(name, "SlabInfo")).startsWith("attrs policy=slab active_objs=160");

    ObjectName allocator = SlabpoolJmx.ALLOCATOR;
    assertThat((String[]) get(allocator, "CacheNames")).contains("attrs");
    assertThat((long) get(allocator, "TotalSlabs")).isGreaterThanOrEqualTo(10);
    assertThat((long) get(allocator, "TotalBytesHeld")).isGreaterThanOrEqualTo(10L * 16 * 256);
  }

  @Test
  void aPayloadCachesSizeClassShowsTheBytesItsValuesRequestBesideThoseItHolds() throws Exception {
    host.command("payload pages 40 100", "BUILT pages");
    // 100-byte values go to the 128-byte class: 32 slots per 4 KiB slab, so 2 slabs.
    ObjectName name = SlabpoolJmx.cacheObjectName("pages.128");
    AttributeList read = host.server.getAttributes(name, new String[] {"ObjectSize",
        "TotalSlabs", "BytesHeld", "RequestedBytes", "ActiveObjects"});
    assertThat(read.asList()).extracting(Attribute::getValue)
        .containsExactly(128, 2L, 2L * 4096, 40L * 100, 40L);
    assertThat(get(SlabpoolJmx.cacheObjectName("pages.64"), "RequestedBytes"))
        .as("a class without values").isEqualTo(0L);
    assertThat(legalValues(attributes(name), "Policy")).as("a size class reclaims by hot only")
        .containsExactly("hot");

    assertThat(reclaim(name, 1).get("slabsFreed")).isEqualTo(1L);
    long left = (long) get(name, "ActiveObjects");
    assertThat(get(name, "RequestedBytes")).as("the values left, %d of 40", left)
        .isEqualTo(left * 100);
    assertThat(left).isLessThan(40);
  }

  private static long[] occupancy(int objectsPerSlab, int active, long slabs) {
    long[] h = new long[objectsPerSlab + 1];
    h[active] = slabs;
    return h;
  }

  @Test
  void operationsAreDescribedActionsWithNamedParameters() throws Exception {
    host.slabCache("info", 1, 0);
    for (ObjectName name : List.of(SlabpoolJmx.cacheObjectName("info"), SlabpoolJmx.ALLOCATOR)) {
      MBeanInfo info = host.server.getMBeanInfo(name);
      assertThat(info.getDescriptor().getFieldValue("mxbean")).isEqualTo("true");
      assertThat(info.getOperations()).allSatisfy(op -> {
        assertThat(op.getImpact()).isEqualTo(MBeanOperationInfo.ACTION);
        assertThat(op.getDescription()).isNotEqualTo(op.getName()).hasSizeGreaterThan(20);
        assertThat(op.getSignature()).allSatisfy(p -> {
          assertThat(p.getName()).matches("pages|fraction");
          assertThat(p.getDescription()).isNotEqualTo(p.getName());
        });
      });
      assertThat(info.getAttributes()).allSatisfy(a ->
          assertThat(a.getDescription()).isNotEqualTo(a.getName()));
    }
    MBeanInfo cache = host.server.getMBeanInfo(SlabpoolJmx.cacheObjectName("info"));
    assertThat(cache.getOperations()).extracting(MBeanOperationInfo::getName)
        .containsExactlyInAnyOrder("reclaim", "shrink", "compact", "resetStatistics");
    assertThat(cache.getNotifications()).extracting(n -> n.getNotifTypes()[0])
        .containsExactly("dev.slabpool.reclaim", AttributeChangeNotification.ATTRIBUTE_CHANGE);
    assertThat(Arrays.stream(cache.getAttributes()).filter(a -> a.isWritable()))
        .extracting(a -> a.getName())
        .containsExactlyInAnyOrder("Policy", "Circulation", "MemoryCap");
  }

  @Test
  void reclaimFreesSlabsAndNotifies() throws Exception {
    host.slabCache("reclaimed", 20, 2);
    ObjectName name = SlabpoolJmx.cacheObjectName("reclaimed");
    BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
    NotificationFilterSupport filter = new NotificationFilterSupport();
    filter.enableType(SlabpoolJmx.RECLAIM_NOTIFICATION);
    host.server.addNotificationListener(name, (n, handback) -> received.add(n), filter, null);

    CompositeData result = reclaim(name, 5);

    assertThat(result.get("cache")).isEqualTo("reclaimed");
    assertThat(result.get("policy")).isEqualTo("slab");
    assertThat(result.get("cause")).isEqualTo("REQUEST");
    assertThat(result.get("slabsFreed")).isEqualTo(5L);
    assertThat((long) result.get("objectsFreed")).isGreaterThanOrEqualTo(5L * 16);
    assertThat((long) result.get("objectsScanned")).isGreaterThanOrEqualTo(5L * 16);
    assertThat(result.get("reclaims")).isEqualTo(1L);
    assertThat(get(name, "TotalSlabs")).isEqualTo(15L);
    assertThat(get(name, "SlabsReclaimed")).isEqualTo(5L);

    Notification n = received.poll(ChildJvm.patience().toSeconds(), TimeUnit.SECONDS);
    assertThat(n).as("reclaim notification").isNotNull();
    assertThat(n.getType()).isEqualTo("dev.slabpool.reclaim");
    assertThat(n.getSource()).isEqualTo(name);
    assertThat(n.getUserData()).isEqualTo(result);
    assertThat(n.getMessage()).contains("'reclaimed'", "5 slabs");

    assertThat(host.server.invoke(name, "shrink", null, null)).isEqualTo(0L);
    host.server.invoke(name, "resetStatistics", null, null);
    assertThat(get(name, "SlabsReclaimed")).isEqualTo(0L);
  }

  @Test
  void hugePageCountReclaimsEverythingReclaimable() throws Exception {
    host.slabCache("everything", 12, 4);
    ObjectName name = SlabpoolJmx.cacheObjectName("everything");

    CompositeData result = reclaim(name, Long.MAX_VALUE);

    assertThat(result.get("slabsFreed")).isEqualTo(8L);
    assertThat(get(name, "TotalSlabs")).isEqualTo(4L);
    assertThat(get(name, "PinnedObjects")).isEqualTo(4L);
  }

  @Test
  void slabMapCountsTheEntriesTheHotPolicyWouldMove() throws Exception {
    host.command("keyed warm 64", "BUILT warm");
    ObjectName name = SlabpoolJmx.cacheObjectName("warm");
    CompositeData cold = (CompositeData) get(name, "SlabMap");
    assertThat((int[]) cold.get("hot")).as("entries loaded on a miss start cold").containsOnly(0);

    host.command("hit warm 12", "HIT warm");

    assertThat(get(name, "Policy")).isEqualTo("hot");
    CompositeData warm = (CompositeData) get(name, "SlabMap");
    // keys 0..11 fill the first slab (8 entries) and half the second
    assertThat((int[]) warm.get("hot")).containsExactly(8, 4, 0, 0, 0, 0, 0, 0);
    assertThat(SlabMapInfo.from(warm).getHot()).containsExactly(8, 4, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void settingsAreWritable() throws Exception {
    host.command("keyed sessions 64", "BUILT sessions");
    ObjectName name = SlabpoolJmx.cacheObjectName("sessions");
    assertThat(get(name, "Keyed")).isEqualTo(true);
    assertThat(get(name, "TotalSlabs")).isEqualTo(8L);

    host.server.setAttribute(name, new Attribute("Policy", "LRU"));
    host.server.setAttribute(name, new Attribute("Circulation", 3));
    host.server.setAttribute(name, new Attribute("MemoryCap", 5L));

    assertThat(get(name, "Policy")).isEqualTo("lru");
    assertThat(get(name, "Circulation")).isEqualTo(3);
    assertThat(get(name, "MemoryCap")).isEqualTo(5L);
    assertThat(get(name, "TotalSlabs")).isEqualTo(5L);
    assertThat(reclaim(name, 1).get("policy")).isEqualTo("lru");
  }

  @Test
  void attributeDescriptorsHaveUnitsAndThePolicyItsLegalValues() throws Exception {
    host.slabCache("units", 2, 0);
    host.command("counted units-keyed 16", "BUILT units-keyed");
    Map<String, MBeanAttributeInfo> plain = attributes(SlabpoolJmx.cacheObjectName("units"));
    Map<String, MBeanAttributeInfo> keyed =
        attributes(SlabpoolJmx.cacheObjectName("units-keyed"));
    Map<String, MBeanAttributeInfo> allocator = attributes(SlabpoolJmx.ALLOCATOR);

    for (Map<String, MBeanAttributeInfo> cache : List.of(plain, keyed)) {
      assertThat(units(cache, "BytesHeld")).isEqualTo("bytes");
      assertThat(units(cache, "RequestedBytes")).isEqualTo("bytes");
      assertThat(units(cache, "ObjectSize")).isEqualTo("bytes");
      assertThat(units(cache, "TotalSlabs")).isEqualTo("slabs");
      assertThat(units(cache, "SlabsReclaimed")).isEqualTo("slabs");
      assertThat(units(cache, "MemoryCap")).isEqualTo("slabs");
      assertThat(units(cache, "ActiveObjects")).isEqualTo("objects");
      assertThat(units(cache, "PinnedObjects")).isEqualTo("objects");
      assertThat(units(cache, "Density")).as("a ratio has no unit").isNull();
      assertThat(units(cache, "Name")).isNull();
      // The open type MXBeans put in every descriptor is kept beside the new fields.
      assertThat(cache.get("BytesHeld").getDescriptor().getFieldValue("openType")).isNotNull();
    }
    assertThat(units(allocator, "TotalBytesHeld")).isEqualTo("bytes");
    assertThat(units(allocator, "PressureMinIntervalMillis")).isEqualTo("milliseconds");

    assertThat(legalValues(keyed, "Policy")).containsExactly("slab", "lru", "caffeine", "hot");
    assertThat(legalValues(plain, "Policy")).containsExactly("slab");
    assertThat(plain.get("Circulation").getDescriptor().getFieldValue("legalValues")).isNull();

    // Hit and miss counts: on a keyed cache that counts lookups, and only there.
    assertThat(units(keyed, "HitCount")).isEqualTo("lookups");
    assertThat(units(keyed, "MissCount")).isEqualTo("lookups");
    assertThat(plain).doesNotContainKeys("HitCount", "MissCount");
    host.command("keyed units-uncounted 16", "BUILT units-uncounted");
    assertThat(attributes(SlabpoolJmx.cacheObjectName("units-uncounted")))
        .doesNotContainKeys("HitCount", "MissCount").containsKey("Policy");
    ObjectName name = SlabpoolJmx.cacheObjectName("units-keyed");
    assertThat(get(name, "MissCount")).isEqualTo(16L);
    assertThat(get(name, "HitCount")).isEqualTo(16L);
  }

  private static Map<String, MBeanAttributeInfo> attributes(ObjectName name) throws Exception {
    return Arrays.stream(host.server.getMBeanInfo(name).getAttributes())
        .collect(Collectors.toMap(MBeanAttributeInfo::getName, Function.identity()));
  }

  private static Object units(Map<String, MBeanAttributeInfo> attributes, String attribute) {
    assertThat(attributes).containsKey(attribute);
    return attributes.get(attribute).getDescriptor().getFieldValue("units");
  }

  /** The legalValues field, a Set as the JMX specification types it, in its order. */
  private static Object[] legalValues(Map<String, MBeanAttributeInfo> attributes,
      String attribute) {
    return ((Set<?>) attributes.get(attribute).getDescriptor().getFieldValue("legalValues"))
        .toArray();
  }

  @Test
  void aWriteNotifiesTheChangeAndARefusedOneChangesAndSendsNothing() throws Exception {
    host.command("keyed watched 32", "BUILT watched");
    ObjectName name = SlabpoolJmx.cacheObjectName("watched");
    MBeanNotificationInfo declared = Arrays.stream(host.server.getMBeanInfo(name)
            .getNotifications())
        .filter(n -> n.getName().equals(AttributeChangeNotification.class.getName()))
        .findFirst().orElseThrow();
    assertThat(declared.getNotifTypes())
        .containsExactly(AttributeChangeNotification.ATTRIBUTE_CHANGE);
    BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
    AttributeChangeNotificationFilter settings = new AttributeChangeNotificationFilter();
    settings.enableAttribute("Policy");
    settings.enableAttribute("Circulation");
    settings.enableAttribute("MemoryCap");
    host.server.addNotificationListener(name, (n, handback) -> received.add(n), settings, null);
    String before = (String) get(name, "Policy");
    assertThat(before).isEqualTo("hot");

    assertRejected(() -> set(name, "Policy", "bogus"), IllegalArgumentException.class,
        "unknown reclaim policy 'bogus': expected one of slab, lru, caffeine, hot");
    assertThat(get(name, "Policy")).isEqualTo(before);
    set(name, "Policy", "LRU");

    // Notifications are delivered in order: had the refused write sent one, it would come first.
    AttributeChangeNotification change = (AttributeChangeNotification) received.poll(
        ChildJvm.patience().toSeconds(), TimeUnit.SECONDS);
    assertThat(change).as("attribute change notification").isNotNull();
    assertThat(change.getType()).isEqualTo(AttributeChangeNotification.ATTRIBUTE_CHANGE);
    assertThat(change.getSource()).isEqualTo(name);
    assertThat(change.getAttributeName()).isEqualTo("Policy");
    assertThat(change.getAttributeType()).isEqualTo(String.class.getName());
    assertThat(change.getOldValue()).isEqualTo("hot");
    assertThat(change.getNewValue()).isEqualTo("lru");
    assertThat(change.getMessage()).isEqualTo("Policy changed from hot to lru");

    // One request writing three attributes, two of them changed: a notification for each of
    // those two, numbered after the first.
    AttributeList list = new AttributeList();
    list.add(new Attribute("Circulation", 5));
    list.add(new Attribute("MemoryCap", Long.MAX_VALUE)); // unchanged: no notification
    list.add(new Attribute("Policy", "slab"));
    assertThat(host.server.setAttributes(name, list).asList()).extracting(Attribute::getValue)
        .containsExactly(5, Long.MAX_VALUE, "slab");
    AttributeChangeNotification circulation = (AttributeChangeNotification) received.poll(
        ChildJvm.patience().toSeconds(), TimeUnit.SECONDS);
    AttributeChangeNotification policy = (AttributeChangeNotification) received.poll(
        ChildJvm.patience().toSeconds(), TimeUnit.SECONDS);
    assertThat(circulation.getAttributeName()).isEqualTo("Circulation");
    assertThat(circulation.getOldValue()).isEqualTo(2);
    assertThat(circulation.getNewValue()).isEqualTo(5);
    assertThat(policy.getOldValue()).isEqualTo("lru");
    assertThat(policy.getNewValue()).isEqualTo("slab");
    assertThat(circulation.getSequenceNumber()).isGreaterThan(change.getSequenceNumber());
    assertThat(policy.getSequenceNumber()).isGreaterThan(circulation.getSequenceNumber());

    // The allocator's writable settings notify too.
    BlockingQueue<Notification> allocator = new LinkedBlockingQueue<>();
    host.server.addNotificationListener(SlabpoolJmx.ALLOCATOR, (n, h) -> allocator.add(n),
        null, null);
    double fraction = (double) get(SlabpoolJmx.ALLOCATOR, "PressureFraction");
    set(SlabpoolJmx.ALLOCATOR, "PressureFraction", fraction / 2);
    AttributeChangeNotification pressure = (AttributeChangeNotification) allocator.poll(
        ChildJvm.patience().toSeconds(), TimeUnit.SECONDS);
    assertThat(pressure).as("allocator attribute change").isNotNull();
    assertThat(pressure.getSource()).isEqualTo(SlabpoolJmx.ALLOCATOR);
    assertThat(pressure.getAttributeName()).isEqualTo("PressureFraction");
    assertThat(pressure.getOldValue()).isEqualTo(fraction);
    assertThat(pressure.getNewValue()).isEqualTo(fraction / 2);
    set(SlabpoolJmx.ALLOCATOR, "PressureFraction", fraction);
  }

  @Test
  void destroyedCacheFailsClearlyAndItsMBeanDisappears() throws Exception {
    host.slabCache("doomed", 2, 0);
    ObjectName name = SlabpoolJmx.cacheObjectName("doomed");
    assertThat(get(name, "TotalSlabs")).isEqualTo(2L);

    host.command("destroy doomed", "DESTROYED doomed");

    Throwable error = catchThrowable(() -> reclaim(name, 1));
    assertThat(error).isInstanceOf(InstanceNotFoundException.class)
        .hasMessageContaining("dev.slabpool:type=SlabCache,name=doomed");
    assertThat(host.server.isRegistered(name)).isFalse();
    assertThat((String[]) get(SlabpoolJmx.ALLOCATOR, "CacheNames")).doesNotContain("doomed");
  }

  @Test
  void badInputGetsAClearErrorAndChangesNothing() throws Exception {
    host.slabCache("bad", 6, 2);
    host.command("fixed fixed 2", "BUILT fixed");
    ObjectName name = SlabpoolJmx.cacheObjectName("bad");
    ObjectName fixed = SlabpoolJmx.cacheObjectName("fixed");
    ObjectName allocator = SlabpoolJmx.ALLOCATOR;
    String[] settings = {"SlabInfo", "Policy", "Circulation", "MemoryCap"};
    String[] pressure = {"PressureThreshold", "PressureFraction", "PressureMinIntervalMillis",
        "PressureReclaims"};
    List<Attribute> before = host.server.getAttributes(name, settings).asList();
    List<Attribute> pressureBefore = host.server.getAttributes(allocator, pressure).asList();

    assertRejected(() -> reclaim(name, -1), IllegalArgumentException.class,
        "pages must not be negative: -1");
    assertRejected(() -> reclaim(name, Long.MIN_VALUE), IllegalArgumentException.class,
        "pages must not be negative: -9223372036854775808");
    assertRejected(() -> reclaim(fixed, 1), IllegalStateException.class,
        "cache 'fixed' was not built with the RECLAIM flag");
    assertRejected(() -> set(name, "Policy", "bogus"), IllegalArgumentException.class,
        "unknown reclaim policy 'bogus': expected one of slab, lru, caffeine, hot");
    assertRejected(() -> set(name, "Policy", "lru"), IllegalArgumentException.class,
        "cache 'bad' is not keyed: its only policy is slab, not lru");
    assertRejected(() -> set(name, "Circulation", -1), IllegalArgumentException.class,
        "circulation must be between 0 and the objects per slab (16): -1");
    assertRejected(() -> set(name, "Circulation", 17), IllegalArgumentException.class,
        "circulation must be between 0 and the objects per slab (16): 17");
    assertRejected(() -> set(name, "MemoryCap", 0L), IllegalArgumentException.class,
        "memory cap must be at least 1 slab: 0");
    assertRejected(() -> set(name, "MemoryCap", -7L), IllegalArgumentException.class,
        "memory cap must be at least 1 slab: -7");
    assertRejected(() -> set(allocator, "PressureThreshold", Double.NaN),
        IllegalArgumentException.class, "pressure threshold must be between 0 (off) and 1: NaN");
    assertRejected(() -> set(allocator, "PressureThreshold", -0.5),
        IllegalArgumentException.class, "pressure threshold must be between 0 (off) and 1: -0.5");
    assertRejected(() -> set(allocator, "PressureThreshold", 1.5),
        IllegalArgumentException.class, "pressure threshold must be between 0 (off) and 1: 1.5");
    assertRejected(() -> set(allocator, "PressureFraction", 0.0),
        IllegalArgumentException.class, "pressure fraction must be above 0 and at most 1: 0.0");
    assertRejected(() -> set(allocator, "PressureFraction", Double.NaN),
        IllegalArgumentException.class, "pressure fraction must be above 0 and at most 1: NaN");
    assertRejected(() -> set(allocator, "PressureFraction", 2.0),
        IllegalArgumentException.class, "pressure fraction must be above 0 and at most 1: 2.0");
    assertRejected(() -> set(allocator, "PressureMinIntervalMillis", -5L),
        IllegalArgumentException.class, "pressure minimum interval must not be negative: -5 ms");
    assertRejected(() -> host.server.invoke(allocator, "reclaimAll", new Object[] {-1.0},
        new String[] {"double"}), IllegalArgumentException.class,
        "fraction must be above 0 and at most 1: -1.0");
    assertRejected(() -> host.server.invoke(allocator, "reclaimAll",
        new Object[] {Double.NaN}, new String[] {"double"}), IllegalArgumentException.class,
        "fraction must be above 0 and at most 1: NaN");

    assertThat(host.server.getAttributes(name, settings).asList()).isEqualTo(before);
    assertThat(host.server.getAttributes(allocator, pressure).asList())
        .isEqualTo(pressureBefore);
  }

  private static void set(ObjectName name, String attribute, Object value) throws Exception {
    host.server.setAttribute(name, new Attribute(attribute, value));
  }

  /**
   * The error a remote JMX client gets for an exception thrown by an MXBean: a
   * RuntimeMBeanException whose target is the exception, message intact.
   */
  private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
      Class<? extends RuntimeException> type, String message) {
    Throwable error = catchThrowable(call);
    assertThat(error).isInstanceOf(RuntimeMBeanException.class)
        .hasMessageContaining(message);
    assertThat(((RuntimeMBeanException) error).getTargetException())
        .isExactlyInstanceOf(type).hasMessage(message);
  }
}
