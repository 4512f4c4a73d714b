package dev.slabpool.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.KeyedCache;
import dev.slabpool.SlabCache;
import dev.slabpool.jmx.client.CacheAttribute;
import dev.slabpool.jmx.client.CacheReading;
import dev.slabpool.jmx.client.Reclaimed;
import dev.slabpool.jmx.client.SlabpoolClient;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The typed client against the real MXBeans on the platform MBeanServer: every name it uses is
 * on the MBeans, with the type it says, so renaming an attribute or a reply item fails here.
 */
class SlabpoolClientTest {
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final SlabpoolClient client = new SlabpoolClient(server);
  private final List<Runnable> cleanup = new ArrayList<>();

  @BeforeEach
  void install() {
    SlabpoolJmx.install();
  }

  @AfterEach
  void tearDown() {
    cleanup.forEach(Runnable::run);
    SlabpoolJmx.install().close();
  }

  private SlabCache<TestCaches.Buffer> cache(String name, int slabs) {
    SlabCache<TestCaches.Buffer> c = TestCaches.reclaimable(name, 4).build();
    cleanup.add(c::destroy);
    TestCaches.fill(c, slabs, 0);
    return c;
  }

  @Test
  void objectNamesAreTheOnesTheMBeansAreRegisteredUnder() throws Exception {
    cache("client-b", 1);
    cache("client-a", 1);

    assertThat(SlabpoolClient.ALLOCATOR).hasToString("dev.slabpool:type=SlabAllocator");
    assertThat(SlabpoolClient.PIN_TRACER).hasToString("dev.slabpool:type=PinTracer");
    assertThat(SlabpoolClient.cacheObjectName("client-a"))
        .hasToString("dev.slabpool:type=SlabCache,name=client-a");
    assertThat(server.isRegistered(SlabpoolClient.ALLOCATOR)).isTrue();
    assertThat(client.caches()).containsEntry("client-a",
        new ObjectName("dev.slabpool:type=SlabCache,name=client-a"));
    assertThat(client.caches().keySet()).containsSubsequence("client-a", "client-b");
    assertThat(client.present()).isTrue();
    assertThat(client.hasPinTracer()).as("the agent's MBean, not installed here").isFalse();

    SlabpoolJmx.install().close();
    assertThat(client.present()).isFalse();
    assertThat(client.caches()).isEmpty();
  }

  @Test
  void everyAttributeTheClientNamesIsOnTheCacheMBeanWithItsType() throws Exception {
    cache("client-attributes", 1);
    MBeanInfo info = server.getMBeanInfo(SlabpoolClient.cacheObjectName("client-attributes"));
    Map<String, MBeanAttributeInfo> onServer = Arrays.stream(info.getAttributes())
        .collect(Collectors.toMap(MBeanAttributeInfo::getName, Function.identity()));

    assertThat(attributes()).extracting(CacheAttribute::name).containsExactlyInAnyOrder("Name",
        "Keyed", "Movable", "Reclaimable", "Policy", "ObjectSize", "ObjectsPerSlab",
        "ActiveObjects", "TotalObjects", "ActiveSlabs", "TotalSlabs", "PartialSlabs", "FullSlabs", "FreeSlabs",
        "BytesHeld", "RequestedBytes", "Density", "PinnedObjects", "SlabsReclaimed", "ObjectsReclaimed", "SlabMap");
    for (CacheAttribute<?> a : attributes()) {
      assertThat(onServer).as("attributes of the cache MXBean").containsKey(a.name());
      OpenType<?> type = (OpenType<?>) onServer.get(a.name()).getDescriptor()
          .getFieldValue("openType");
      assertThat(type.getClassName()).as("type of " + a).isEqualTo(a.type().getName());
    }
    assertThat(onServer.get(CacheAttribute.POLICY.name()).isWritable()).isTrue();
  }

  @Test
  void readsManyAttributesInOneRequestAndOneByOne() throws Exception {
    SlabCache<TestCaches.Buffer> c = cache("client-read", 5);
    ObjectName name = SlabpoolClient.cacheObjectName("client-read");

    CacheReading all = client.read(name, attributes());

    for (CacheAttribute<?> a : attributes()) {
      assertThat(all.get(a)).as(a.name()).isInstanceOf(a.type());
    }
    assertThat(all.cache()).isEqualTo(name);
    assertThat(all.get(CacheAttribute.NAME)).isEqualTo("client-read");
    assertThat(all.get(CacheAttribute.KEYED)).isFalse();
    assertThat(all.get(CacheAttribute.MOVABLE)).isFalse();
    assertThat(all.get(CacheAttribute.RECLAIMABLE)).isTrue();
    assertThat(all.get(CacheAttribute.POLICY)).isEqualTo("slab");
    assertThat(all.get(CacheAttribute.OBJECTS_PER_SLAB)).isEqualTo(4);
    assertThat(all.get(CacheAttribute.TOTAL_SLABS)).isEqualTo(5L);
    assertThat(all.get(CacheAttribute.ACTIVE_OBJECTS)).isEqualTo(c.stats().activeObjects());
    assertThat(all.get(CacheAttribute.DENSITY)).isEqualTo(1.0);
    assertThat(all.get(CacheAttribute.SLAB_MAP).get("objectsPerSlab")).isEqualTo(4);
    assertThat(client.get(name, CacheAttribute.BYTES_HELD)).isEqualTo(5L * 4 * 256);
    assertThat(all.get(CacheAttribute.REQUESTED_BYTES)).as("a cache whose slots hold no values")
        .isEqualTo(-1L);

    CacheReading one = client.read(name, List.of(CacheAttribute.TOTAL_SLABS));
    assertThat(one.get(CacheAttribute.NAME, "none")).isEqualTo("none");
    assertThatThrownBy(() -> one.get(CacheAttribute.NAME))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("dev.slabpool:type=SlabCache,name=client-read did not return attribute Name");
  }

  @Test
  void reclaimRepliesWithTheItemsOfTheRecordAndRefusalsComeAsJmxSendsThem() throws Exception {
    cache("client-reclaim", 6);
    ObjectName name = SlabpoolClient.cacheObjectName("client-reclaim");
    MBeanOperationInfo reclaim = Arrays.stream(server.getMBeanInfo(name).getOperations())
        .filter(op -> op.getName().equals("reclaim")).findFirst().orElseThrow();
    assertThat(reclaim.getSignature()).extracting(MBeanParameterInfo::getType)
        .containsExactly("long");
    CompositeType reply = (CompositeType) reclaim.getDescriptor().getFieldValue("openType");
    RecordComponent[] items = Reclaimed.class.getRecordComponents();
    assertThat(reply.keySet()).containsExactlyInAnyOrderElementsOf(
        Stream.of(items).map(RecordComponent::getName).toList());
    for (RecordComponent item : items) {
      Class<?> type = item.getType() == long.class ? Long.class : item.getType();
      assertThat(reply.getType(item.getName()).getClassName()).as(item.getName())
          .isEqualTo(type.getName());
    }

    Reclaimed r = client.reclaim(name, 2);

    assertThat(r).isEqualTo(new Reclaimed("client-reclaim", "slab", "REQUEST", 2, 8,
        r.objectsScanned(), r.nanos(), 1));
    assertThat(client.get(name, CacheAttribute.TOTAL_SLABS)).isEqualTo(4L);
    assertThatThrownBy(() -> client.reclaim(name, -1))
        .isInstanceOf(RuntimeMBeanException.class)
        .hasRootCauseMessage("pages must not be negative: -1");
  }

  @Test
  void setsThePolicyOfAKeyedCache() throws Exception {
    KeyedCache<Integer, String> keyed = KeyedCache.<Integer, String>builder("client-keyed")
        .objectsPerSlab(8).objectSize(64).build();
    cleanup.add(keyed::destroy);
    keyed.put(1, "one");
    ObjectName name = SlabpoolClient.cacheObjectName("client-keyed");

    client.setPolicy(name, "lru");

    assertThat(client.get(name, CacheAttribute.POLICY)).isEqualTo("lru");
    assertThat(client.get(name, CacheAttribute.KEYED)).isTrue();
  }

  @Test
  void theClientRefersToNoOtherSlabpoolClassSoToolsCanCarryItAlone() throws Exception {
    Path dir = Path.of(SlabpoolClient.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).resolve("dev/slabpool/jmx/client");
    List<Path> classes;
    try (Stream<Path> files = Files.list(dir)) {
      classes = files.filter(f -> f.toString().endsWith(".class")).toList();
    }
    assertThat(classes).hasSizeGreaterThanOrEqualTo(4);
    Pattern elsewhere = Pattern.compile("dev/slabpool/(?!jmx/client/)");
    for (Path c : classes) {
      String bytes = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
      assertThat(elsewhere.matcher(bytes).find()).as(c.getFileName() + " refers elsewhere")
          .isFalse();
    }
  }

  /** Every attribute the client names: the public constants of {@link CacheAttribute}. */
  private static List<CacheAttribute<?>> attributes() throws IllegalAccessException {
    List<CacheAttribute<?>> all = new ArrayList<>();
    for (Field f : CacheAttribute.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == CacheAttribute.class) {
        all.add((CacheAttribute<?>) f.get(null));
      }
    }
    return all;
  }
}
