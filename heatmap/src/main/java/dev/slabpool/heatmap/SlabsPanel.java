package dev.slabpool.heatmap;

import dev.slabpool.jmx.client.Reclaimed;
import dev.slabpool.jmx.client.SlabpoolClient;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Graphics2D;
import java.awt.GridLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.ListSelectionModel;
import javax.swing.SpinnerNumberModel;
import javax.swing.SwingWorker;
import javax.swing.Timer;

/**
 * The slabs of a JVM, live: the list of its caches, the slabinfo figures and the heat map of
 * the selected cache, a policy selector, a Reclaim button and a Compact button. Shared by the JConsole and the
 * VisualVM plugins; it reads the slabpool MBeans through the {@link JmxSource} its tool gives.
 *
 * <p>Threading: every JMX call runs in a {@link SwingWorker} off the event dispatch thread;
 * the fields below are touched on the event dispatch thread only, except {@link #selected},
 * which workers read when they start.
 *
 * <p>Components are named for test drivers: {@code caches} (list), {@code heatmap},
 * {@code figure.<what>} (labels), {@code policy} (combo box), {@code pages} (spinner),
 * {@code reclaim} and {@code compact} (buttons), {@code status} (label).
 */
public final class SlabsPanel extends JPanel {
  private static final String[] POLICIES = {"slab", "hot", "lru", "caffeine"};
  private static final String[] FIGURES = {"cache", "density", "objects", "slabs", "lists",
      "memory", "geometry", "pinned", "reclaimed"};

  private final JmxSource source;
  private final DefaultListModel<String> cacheNames = new DefaultListModel<>();
  private final JList<String> cacheList = new JList<>(cacheNames);
  private final SlabHeatMap heatMap = new SlabHeatMap();
  private final Map<String, JLabel> figures = new TreeMap<>();
  private final JComboBox<String> policy = new JComboBox<>(POLICIES);
  private final JSpinner pages = new JSpinner(new SpinnerNumberModel(1, 1, Integer.MAX_VALUE, 1));
  private final JButton reclaim = new JButton("Reclaim");
  private final JButton compact = new JButton("Compact");
  private final JLabel status = new JLabel(" ");
  private final Timer timer = new Timer(1000, e -> refreshNow());

  private Map<String, ObjectName> caches = Map.of();
  private volatile String selected;
  private CacheSnapshot shown;
  private boolean adjusting;
  private boolean refreshing;
  private boolean statusFromRefresh;

  /** A panel reading the slabpool MBeans of the JVM that {@code source} connects to. */
  public SlabsPanel(JmxSource source) {
    super(new BorderLayout(6, 6));
    this.source = Objects.requireNonNull(source, "source");
    setName("slabs");
    setBorder(BorderFactory.createEmptyBorder(6, 6, 6, 6));

    cacheList.setName("caches");
    cacheList.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
    cacheList.addListSelectionListener(e -> {
      if (!adjusting && !e.getValueIsAdjusting()) {
        selected = cacheList.getSelectedValue();
        refreshNow();
      }
    });
    JScrollPane list = new JScrollPane(cacheList);
    list.setBorder(BorderFactory.createTitledBorder("Caches"));
    list.setPreferredSize(new Dimension(200, 200));
    add(list, BorderLayout.WEST);

    JPanel figureGrid = new JPanel(new GridLayout(0, 2, 12, 2));
    figureGrid.setBorder(BorderFactory.createTitledBorder("slabinfo"));
    for (String f : FIGURES) {
      JLabel label = new JLabel(" ");
      label.setName("figure." + f);
      figures.put(f, label);
      figureGrid.add(label);
    }
    JScrollPane map = new JScrollPane(heatMap);
    map.setBorder(BorderFactory.createTitledBorder("Slabs (one cell per slab, oldest first)"));
    JPanel center = new JPanel(new BorderLayout(4, 4));
    center.add(figureGrid, BorderLayout.NORTH);
    center.add(map, BorderLayout.CENTER);
    center.add(new DensityLegend(), BorderLayout.SOUTH);
    add(center, BorderLayout.CENTER);

    policy.setName("policy");
    policy.setToolTipText("Reclaim policy (keyed caches only)");
    policy.addActionListener(e -> policyChosen());
    pages.setName("pages");
    pages.setToolTipText("Slabs to free");
    reclaim.setName("reclaim");
    reclaim.setToolTipText("Free the given number of slabs now");
    reclaim.addActionListener(e -> reclaimPressed());
    compact.setName("compact");
    compact.setToolTipText("Move unused objects into fewer slabs and give back the emptied ones;"
        + " evicts nothing (keyed caches, and slab caches built with a mover)");
    compact.addActionListener(e -> compactPressed());
    status.setName("status");
    JPanel controls = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
    controls.add(new JLabel("Policy:"));
    controls.add(policy);
    controls.add(new JLabel("Pages to free:"));
    controls.add(pages);
    controls.add(reclaim);
    controls.add(compact);
    JPanel bottom = new JPanel(new BorderLayout(0, 4));
    bottom.add(controls, BorderLayout.NORTH);
    bottom.add(status, BorderLayout.SOUTH);
    add(bottom, BorderLayout.SOUTH);

    showNothing("Connecting...");
  }

  /** Refreshes every {@code periodMillis} until {@link #stop()} (on the event dispatch thread). */
  public void start(int periodMillis) {
    timer.setDelay(periodMillis);
    timer.setInitialDelay(0);
    timer.start();
  }

  /** Stops the periodic refresh (on the event dispatch thread). */
  public void stop() {
    timer.stop();
  }

  /** Starts a refresh unless one is running (on the event dispatch thread). */
  public void refreshNow() {
    if (!refreshing) {
      refreshing = true;
      newRefresh().execute();
    }
  }

  /**
   * A refresh for the tool to run: reads the caches and the selected cache off the event
   * dispatch thread and then shows them. JConsole runs one at each of its update intervals.
   */
  public SwingWorker<?, ?> newRefresh() {
    return new Refresh();
  }

  /** What one refresh found: the caches, the selected one's snapshot, or why there is none. */
  private record Reading(Map<String, ObjectName> caches, CacheSnapshot snapshot,
      String problem) {}

  private final class Refresh extends SwingWorker<Reading, Void> {
    private final String wanted = selected;

    @Override
    protected Reading doInBackground() {
      MBeanServerConnection connection = source.connection();
      if (connection == null) {
        return new Reading(null, null, "Not connected");
      }
      try {
        SlabpoolClient client = new SlabpoolClient(connection);
        Map<String, ObjectName> found = client.caches();
        String name = wanted != null && found.containsKey(wanted) ? wanted
            : found.keySet().stream().findFirst().orElse(null);
        if (name == null) {
          return new Reading(found, null, "No slabpool caches in this JVM");
        }
        try {
          return new Reading(found, CacheSnapshot.read(client, name, found.get(name)), null);
        } catch (InstanceNotFoundException gone) {
          Map<String, ObjectName> left = new TreeMap<>(found);
          left.remove(name);
          return new Reading(left, null, "Cache '" + name + "' is gone");
        }
      } catch (IOException e) {
        return new Reading(null, null, "Connection lost: " + reason(e));
      } catch (Exception e) {
        return new Reading(null, null, "Cannot read the slabpool MBeans: " + reason(e));
      }
    }

    @Override
    protected void done() {
      refreshing = false;
      if (!Objects.equals(wanted, selected)) {
        refreshNow(); // the user picked another cache meanwhile: this reading is stale
        return;
      }
      show(outcome(this));
    }
  }

  private void show(Reading reading) {
    if (reading.caches() != null) {
      caches = reading.caches();
      listCaches(reading.snapshot() == null ? null : reading.snapshot().name());
    }
    if (reading.problem() != null) {
      showNothing(reading.problem());
      status.setText(reading.problem());
      statusFromRefresh = true;
      return;
    }
    if (statusFromRefresh) {
      status.setText(" ");
      statusFromRefresh = false;
    }
    CacheSnapshot s = reading.snapshot();
    shown = s;
    figure("cache", "%s: %s, %s", s.name(), s.keyed() ? "keyed" : "slab cache",
        s.reclaimable() ? "reclaimable" : "not reclaimable");
    figure("objects", "Objects: %,d active of %,d", s.activeObjects(), s.totalObjects());
    figure("slabs", "Slabs: %,d active of %,d", s.activeSlabs(), s.totalSlabs());
    figure("lists", "Lists: %,d full, %,d partial, %,d free", s.fullSlabs(), s.partialSlabs(),
        s.freeSlabs());
    figure("geometry", "Object size: %,d B x %,d per slab", s.objectSize(),
        s.cells().objectsPerSlab());
    if (s.requestedBytes() >= 0) {
      figure("memory", "Requested: %s of held %s", bytes(s.requestedBytes()),
          bytes(s.bytesHeld()));
    } else {
      figure("memory", "Held: %s", bytes(s.bytesHeld()));
    }
    figure("density", "Density: %.1f%%", 100 * s.density());
    figure("pinned", "Pinned objects: %,d", s.pinnedObjects());
    figure("reclaimed", "Reclaimed: %,d slabs, %,d objects", s.slabsReclaimed(),
        s.objectsReclaimed());
    heatMap.show(s.cells());
    adjusting = true;
    try {
      policy.setSelectedItem(s.policy());
    } finally {
      adjusting = false;
    }
    policy.setEnabled(s.keyed());
    compact.setEnabled(s.movable());
    reclaim.setEnabled(s.reclaimable());
    reclaim.setToolTipText(s.reclaimable() ? "Free the given number of slabs now"
        : "This cache was not built reclaimable");
  }

  private void showNothing(String why) {
    shown = null;
    for (JLabel f : figures.values()) {
      f.setText(" ");
    }
    heatMap.showMessage(why);
    policy.setEnabled(false);
    reclaim.setEnabled(false);
    compact.setEnabled(false);
  }

  private void listCaches(String select) {
    adjusting = true;
    try {
      List<String> names = new ArrayList<>(caches.keySet());
      if (!names.equals(Collections.list(cacheNames.elements()))) {
        cacheNames.clear();
        cacheNames.addAll(names);
      }
      if (select == null) {
        cacheList.clearSelection();
      } else if (!select.equals(cacheList.getSelectedValue())) {
        cacheList.setSelectedValue(select, true);
      }
      selected = select;
    } finally {
      adjusting = false;
    }
  }

  private void figure(String key, String format, Object... args) {
    figures.get(key).setText(String.format(Locale.ROOT, format, args));
  }

  private void policyChosen() {
    String chosen = (String) policy.getSelectedItem();
    CacheSnapshot s = shown;
    if (adjusting || s == null || chosen == null || chosen.equals(s.policy())) {
      return;
    }
    ObjectName mbean = caches.get(s.name());
    act("Switching '" + s.name() + "' to policy " + chosen + "...", client -> {
      client.setPolicy(mbean, chosen);
      return "Policy of '" + s.name() + "' is now " + chosen;
    }, "Cannot switch '" + s.name() + "' to policy " + chosen);
  }

  private void reclaimPressed() {
    CacheSnapshot s = shown;
    if (s == null) {
      return;
    }
    ObjectName mbean = caches.get(s.name());
    long count = ((Number) pages.getValue()).longValue();
    reclaim.setEnabled(false);
    act("Reclaiming " + count + " slabs of '" + s.name() + "'...", client -> {
      Reclaimed r = client.reclaim(mbean, count);
      return String.format(Locale.ROOT,
          "Reclaimed %d slabs of '%s' (%,d objects freed, %,d scanned, policy %s)",
          r.slabsFreed(), s.name(), r.objectsFreed(), r.objectsScanned(), r.policy());
    }, "Reclaim of '" + s.name() + "' failed");
  }

  private void compactPressed() {
    CacheSnapshot s = shown;
    if (s == null) {
      return;
    }
    ObjectName mbean = caches.get(s.name());
    compact.setEnabled(false);
    act("Compacting '" + s.name() + "'...", client -> String.format(Locale.ROOT,
        "Compacted '%s': %d slabs given back, nothing evicted", s.name(), client.compact(mbean)),
        "Compaction of '" + s.name() + "' failed");
  }

  /** One operator action on a cache MBean; answers the line the status shows. */
  @FunctionalInterface
  private interface Action {
    String run(SlabpoolClient client) throws Exception;
  }

  /** Runs an action off the event dispatch thread, shows its outcome, then refreshes. */
  private void act(String busy, Action action, String failure) {
    status.setText(busy);
    statusFromRefresh = false;
    new SwingWorker<String, Void>() {
      @Override
      protected String doInBackground() {
        MBeanServerConnection connection = source.connection();
        if (connection == null) {
          return failure + ": not connected";
        }
        try {
          return action.run(new SlabpoolClient(connection));
        } catch (Exception e) {
          return failure + ": " + reason(e);
        }
      }

      @Override
      protected void done() {
        status.setText(outcome(this));
        refreshNow();
      }
    }.execute();
  }

  /** The result of a finished worker whose background step catches its own failures. */
  private static <T> T outcome(SwingWorker<T, ?> worker) {
    try {
      return worker.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted on the event dispatch thread", e);
    } catch (ExecutionException e) {
      // only an Error can get here: doInBackground catches every Exception
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * The message an operator needs from a JMX failure: the innermost cause's (the MBean's own
   * IllegalArgumentException or IllegalStateException arrives wrapped once or twice).
   */
  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
  }

  /** A square picture of a few slabs, for a tool's tab icon. */
  public static BufferedImage icon(int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    int cell = size / 3;
    double[] densities = {1, 0.8, 0.3, 0.6, 1, 0.1, 0.9, 0.4, 0.7};
    for (int i = 0; i < densities.length; i++) {
      g.setColor(SlabHeatMap.densityColor(densities[i]));
      g.fillRect((i % 3) * cell, (i / 3) * cell, cell - 1, cell - 1);
    }
    g.dispose();
    return image;
  }

  static String bytes(long n) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
