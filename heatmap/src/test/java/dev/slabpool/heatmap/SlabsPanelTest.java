package dev.slabpool.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.KeyedCache;
import dev.slabpool.PayloadCache;
import dev.slabpool.ReclaimPolicy;
import dev.slabpool.SlabCache;
import dev.slabpool.ValueCodec;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.awt.Component;
import java.awt.Container;
import java.awt.Graphics2D;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.remote.JMXConnector;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JSpinner;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slabs panel against the real MBeans of the jmx module: in this JVM (its platform
 * MBeanServer, as a tool connected to it sees it) and, for connection loss, in a child JVM
 * reached through the local JMX connector. No display needed: the panel is never shown, but its
 * workers and the event dispatch thread run as in a tool.
 */
class SlabsPanelTest {
  private static final Duration PATIENCE = ChildJvm.patience();
  private static SlabpoolJmx jmx;

  private final List<Throwable> edtFailures = Collections.synchronizedList(new ArrayList<>());
  private final List<Runnable> cleanup = new ArrayList<>();
  private Thread.UncaughtExceptionHandler previousHandler;

  @BeforeAll
  static void installMBeans() {
    jmx = SlabpoolJmx.install();
  }

  @AfterAll
  static void uninstallMBeans() {
    jmx.close();
  }

  @BeforeEach
  void watchTheEventDispatchThread() {
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> edtFailures.add(e));
  }

  @AfterEach
  void noExceptionEscaped() {
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    Collections.reverse(cleanup);
    cleanup.forEach(Runnable::run);
    assertThat(edtFailures).as("exceptions thrown on the event dispatch thread").isEmpty();
  }

  @Test
  void showsTheCachesTheFiguresAndOneCellPerSlab() throws Exception {
    SlabCache<SlabsHost.Buffer> a = cache("panel-a", 40);
    cache("panel-b", 5);
    SlabsPanel panel = showing(panel(ManagementFactory::getPlatformMBeanServer), "panel-a", 40);
    SlabHeatMap map = onEdt(() -> find(panel, "heatmap", SlabHeatMap.class));
    SlabCells cells = onEdt(map::cells);
    assertThat(onEdt(() -> caches(panel))).contains("panel-a", "panel-b");
    assertThat(cells.slabs()).isEqualTo(40);
    assertThat(cells.objectsPerSlab()).isEqualTo(32);
    long active = 0;
    long pinned = 0;
    for (int i = 0; i < cells.slabs(); i++) {
      active += cells.active()[i];
      pinned += cells.pinned()[i];
    }
    assertThat(active).isEqualTo(a.stats().activeObjects());
    assertThat(pinned).isEqualTo(a.stats().pinnedObjects()).isPositive();
    assertThat(text(panel, "figure.objects")).isEqualTo(
        String.format("Objects: %,d active of %,d", a.stats().activeObjects(), 40 * 32));
    assertThat(text(panel, "figure.pinned")).isEqualTo("Pinned objects: " + pinned);
    assertThat(text(panel, "figure.memory")).as("a cache whose slots hold no values")
        .isEqualTo("Held: " + SlabsPanel.bytes(a.stats().bytesHeld()));
  }

  @Test
  void aSizeClassOfAPayloadCacheShowsTheBytesItsValuesRequestOfThoseItHolds() throws Exception {
    PayloadCache<Integer, byte[]> values =
        PayloadCache.<Integer, byte[]>builder("panel-values", ValueCodec.bytes())
            .slabSize(4096).smallestSlot(64).growthFactor(2).arenas(1).build();
    cleanup.add(values::destroy);
    for (int k = 0; k < 40; k++) {
      values.put(k, new byte[100]); // the 128-byte class: 32 per 4 KiB slab, so 2 slabs
    }
    SlabsPanel panel = showing(panel(ManagementFactory::getPlatformMBeanServer),
        "panel-values.128", 2);
    assertThat(text(panel, "figure.memory")).isEqualTo("Requested: 3.9 KiB of held 8.0 KiB");
  }

  @Test
  void aServerOlderThanRequestedBytesShowsTheBytesHeldOnly() throws Exception {
    ObjectName name = SlabpoolJmx.cacheObjectName("panel-old");
    ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(
        new OldServerCacheMBean() {
          @Override
          public long getBytesHeld() {
            return 3 << 20;
          }

          @Override
          public long getTotalSlabs() {
            return 3;
          }

          @Override
          public long getActiveSlabs() {
            return 3;
          }
        }, OldServerCacheMBean.class), name);
    cleanup.add(() -> unregister(name));
    SlabsPanel panel = showing(panel(ManagementFactory::getPlatformMBeanServer), "panel-old", 3);
    assertThat(text(panel, "figure.memory")).isEqualTo("Held: 3.0 MiB");
  }

  @Test
  void reclaimButtonFreesTheGivenSlabsAndSaysSo() throws Exception {
    SlabCache<SlabsHost.Buffer> a = cache("panel-reclaim", 30);
    SlabsPanel panel = showing(panel(ManagementFactory::getPlatformMBeanServer), "panel-reclaim",
        30);

    onEdt(() -> {
      find(panel, "pages", JSpinner.class).setValue(4);
      find(panel, "reclaim", JButton.class).doClick();
      return null;
    });

    awaitText(panel, "status", "^Reclaimed 4 slabs of 'panel-reclaim' \\(\\d+ objects freed");
    assertThat(a.stats().totalSlabs()).isEqualTo(26);
    awaitText(panel, "figure.slabs", "of 26$");
    awaitText(panel, "figure.reclaimed", "^Reclaimed: 4 slabs");
  }

  @Test
  void compactButtonPacksAKeyedCacheAndSaysSo() throws Exception {
    KeyedCache<Integer, String> keyed = KeyedCache.<Integer, String>builder("panel-compact")
        .objectsPerSlab(8).objectSize(64).arenas(1).build();
    cleanup.add(keyed::destroy);
    for (int k = 0; k < 96; k++) {
      keyed.put(k, "v" + k);
    }
    for (int k = 0; k < 96; k += 3) {
      keyed.remove(k); // holes in all 12 slabs: 64 entries fit in 8
    }
    SlabsPanel panel = showing(panel(ManagementFactory::getPlatformMBeanServer), "panel-compact",
        12);

    onEdt(() -> {
      find(panel, "compact", JButton.class).doClick();
      return null;
    });

    awaitText(panel, "status", "^Compacted 'panel-compact': 4 slabs given back, nothing evicted$");
    assertThat(keyed.stats().totalSlabs()).isEqualTo(8);
    assertThat(keyed.size()).isEqualTo(64);
    awaitText(panel, "figure.slabs", "of 8$");
  }

  @Test
  void hotEntriesShowAsAGreenBarPerSlabAndInTheTooltip() throws Exception {
    KeyedCache<Integer, String> keyed = KeyedCache.<Integer, String>builder("panel-hot")
        .objectsPerSlab(8).objectSize(64).arenas(1).build();
    cleanup.add(keyed::destroy);
    for (int k = 0; k < 32; k++) {
      keyed.put(k, "v" + k);
    }
    for (int k = 0; k < 12; k++) {
      keyed.release(keyed.lookup(k)); // a hit: the hot policy now holds keys 0..11 hot
    }
    SlabsPanel panel = showing(panel(ManagementFactory::getPlatformMBeanServer), "panel-hot", 4);
    SlabHeatMap map = onEdt(() -> find(panel, "heatmap", SlabHeatMap.class));

    assertThat(onEdt(map::cells).hot()).containsExactly(8, 4, 0, 0);
    int[] hotPixels = onEdt(() -> {
      map.setSize(400, 240);
      BufferedImage image = new BufferedImage(400, 240, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      map.paint(g);
      g.dispose();
      int[] count = new int[4];
      for (int x = 0; x < image.getWidth(); x++) {
        for (int y = 0; y < image.getHeight(); y++) {
          int slab = map.slabAt(x, y);
          if (slab >= 0 && image.getRGB(x, y) == SlabHeatMap.HOT.getRGB()) {
            count[slab]++;
          }
        }
      }
      return count;
    });
    assertThat(hotPixels[0]).as("a fully hot slab's bar").isGreaterThan(hotPixels[1]);
    assertThat(hotPixels[1]).as("a half hot slab's bar").isPositive();
    assertThat(hotPixels[2] + hotPixels[3]).as("cold slabs have no bar").isZero();
    String tip = onEdt(() -> map.getToolTipText(
        new MouseEvent(map, MouseEvent.MOUSE_MOVED, 0, 0, 6, 6, 0, false)));
    assertThat(tip).endsWith("8 of 8 objects active (100%), 8 hot");
  }

  @Test
  void policySelectorSwitchesAKeyedCacheAndIsOffForAPlainOne() throws Exception {
    KeyedCache<Integer, String> keyed = KeyedCache.<Integer, String>builder("panel-keyed")
        .objectsPerSlab(8).objectSize(64).build();
    cleanup.add(keyed::destroy);
    for (int k = 0; k < 100; k++) {
      keyed.put(k, "v" + k);
    }
    cache("panel-plain", 3);
    SlabsPanel panel = panel(ManagementFactory::getPlatformMBeanServer);

    select(panel, "panel-plain");
    awaitText(panel, "figure.cache", "^panel-plain: slab cache");
    assertThat(onEdt(() -> find(panel, "policy", JComboBox.class).isEnabled())).isFalse();
    assertThat(onEdt(() -> find(panel, "compact", JButton.class).isEnabled()))
        .as("Compact, for a cache without a mover").isFalse();

    select(panel, "panel-keyed");
    awaitText(panel, "figure.cache", "^panel-keyed: keyed");
    assertThat(onEdt(() -> find(panel, "policy", JComboBox.class).isEnabled())).isTrue();
    assertThat(onEdt(() -> find(panel, "compact", JButton.class).isEnabled())).isTrue();
    onEdt(() -> {
      find(panel, "policy", JComboBox.class).setSelectedItem("lru");
      return null;
    });
    awaitText(panel, "status", "^Policy of 'panel-keyed' is now lru$");
    assertThat(keyed.policy()).isEqualTo(ReclaimPolicy.LRU);
  }

  @Test
  void cachesAppearAndDisappearAndAReclaimOfAGoneCacheSaysWhy() throws Exception {
    SlabCache<SlabsHost.Buffer> doomed = cache("panel-doomed", 6);
    SlabsPanel panel = showing(panel(ManagementFactory::getPlatformMBeanServer), "panel-doomed",
        6);

    cache("panel-newcomer", 2);
    await("panel-newcomer listed", panel, () -> caches(panel).contains("panel-newcomer"));

    doomed.destroy(); // its MBean goes; the panel still shows it until the next refresh
    onEdt(() -> {
      find(panel, "reclaim", JButton.class).doClick();
      return null;
    });
    awaitText(panel, "status", "^Reclaim of 'panel-doomed' failed: .*panel-doomed");
    await("panel-doomed gone from the list", panel,
        () -> !caches(panel).contains("panel-doomed"));
    assertThat(onEdt(() -> find(panel, "caches", JList.class).getSelectedValue()))
        .as("selection moved to a live cache").isNotNull().isNotEqualTo("panel-doomed");
  }

  @Test
  void aLostConnectionIsShownNotThrown() throws Exception {
    ChildJvm host = ChildJvm.java(SlabsHost.class.getName()).name("slabs-host").start();
    cleanup.add(host::close);
    host.awaitReady(PATIENCE);
    JMXConnector connector = LocalJmx.connect(host.pid());
    cleanup.add(() -> close(connector));
    AtomicReference<MBeanServerConnection> source =
        new AtomicReference<>(connector.getMBeanServerConnection());
    SlabsPanel panel = showing(panel(source::get), SlabsHost.BUFFERS, SlabsHost.BUFFER_SLABS);

    host.close(); // the watched JVM dies under the panel
    awaitText(panel, "status", "^Connection lost: ");
    assertThat(onEdt(() -> find(panel, "reclaim", JButton.class).isEnabled())).isFalse();

    source.set(null); // the tool noticed and dropped the connection
    awaitText(panel, "status", "^Not connected$");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private SlabCache<SlabsHost.Buffer> cache(String name, int slabs) {
    SlabCache<SlabsHost.Buffer> c = SlabsHost.add(name, slabs, new Random(1));
    cleanup.add(() -> {
      if (!c.isDestroyed()) {
        c.destroy();
      }
    });
    return c;
  }

  private static SlabsPanel panel(JmxSource source) throws Exception {
    return onEdt(() -> new SlabsPanel(source));
  }

  /** Selects a cache and waits until the panel shows its slabs. */
  private static SlabsPanel showing(SlabsPanel panel, String cache, int slabs) throws Exception {
    select(panel, cache);
    awaitText(panel, "figure.slabs", "Slabs: \\d+ active of " + slabs + "$");
    return panel;
  }

  private static void select(SlabsPanel panel, String cache) throws Exception {
    await(cache + " listed", panel, () -> caches(panel).contains(cache));
    onEdt(() -> {
      find(panel, "caches", JList.class).setSelectedValue(cache, false);
      return null;
    });
  }

  private static List<String> caches(SlabsPanel panel) {
    JList<?> list = find(panel, "caches", JList.class);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < list.getModel().getSize(); i++) {
      names.add(String.valueOf(list.getModel().getElementAt(i)));
    }
    return names;
  }

  private static String text(SlabsPanel panel, String label) throws Exception {
    return onEdt(() -> find(panel, label, JLabel.class).getText());
  }

  private static void awaitText(SlabsPanel panel, String label, String regex) throws Exception {
    Pattern p = Pattern.compile(regex);
    await(label + " matching /" + regex + "/", panel,
        () -> p.matcher(find(panel, label, JLabel.class).getText()).find());
  }

  /**
   * Refreshes the panel until {@code condition} holds on the event dispatch thread: a condition
   * wait with a deadline, polling because the panel's workers run on Swing's own threads.
   */
  private static void await(String what, SlabsPanel panel, Supplier<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!onEdt(condition)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; status: "
            + text(panel, "status"));
      }
      onEdt(() -> {
        panel.refreshNow();
        return null;
      });
      Thread.sleep(20);
    }
  }

  private static <T> T onEdt(Supplier<T> action) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    try {
      SwingUtilities.invokeAndWait(() -> result.set(action.get()));
    } catch (InvocationTargetException e) {
      throw new AssertionError(e.getCause());
    }
    return result.get();
  }

  private static <T> T find(Container root, String name, Class<T> type) {
    T found = findIn(root, name, type);
    if (found == null) {
      throw new AssertionError("no " + type.getSimpleName() + " named " + name);
    }
    return found;
  }

  private static <T> T findIn(Container root, String name, Class<T> type) {
    for (Component c : root.getComponents()) {
      if (name.equals(c.getName()) && type.isInstance(c)) {
        return type.cast(c);
      }
      if (c instanceof Container inner) {
        T found = findIn(inner, name, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static void unregister(ObjectName name) {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (JMException e) {
      throw new AssertionError(e);
    }
  }

  private static void close(JMXConnector connector) {
    try {
      connector.close();
    } catch (java.io.IOException e) {
      // the other side is gone already
    }
  }
}
