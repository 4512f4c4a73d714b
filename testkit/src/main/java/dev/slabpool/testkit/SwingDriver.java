package dev.slabpool.testkit;

import java.awt.Component;
import java.awt.Container;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JSpinner;
import javax.swing.JTabbedPane;
import javax.swing.JTable;
import javax.swing.JTree;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;
import javax.swing.tree.TreeModel;
import javax.swing.tree.TreePath;

/**
 * A java agent that operates a real Swing tool (JConsole, VisualVM) from inside its own JVM,
 * following a script, so GUI tests need no pixel coordinates and no extra X tools. Load it with
 * {@code jconsole -J-javaagent:<testkit.jar>=<script>} or {@code visualvm -J-javaagent:...}.
 *
 * <p>Script: one step per line, {@code #} comments. Each step waits (polling the Swing tree) until
 * it can be done, up to {@code slabpool.driver.timeout} seconds (default 120):
 * <pre>
 * window &lt;title regex&gt;     wait for a showing window whose title matches; it becomes current
 * size &lt;w&gt;x&lt;h&gt;             resize the current window (tools open small on a fresh profile)
 * tab &lt;title regex&gt;        select the first tab whose title matches
 * tree &lt;node regex&gt;        expand and select the first tree node whose text matches; with
 *                          {@code a > b > c}, the first c below the first b below the first a
 * click &lt;text regex&gt;       press the first enabled button whose text, name or tooltip matches
 * set &lt;name&gt;=&lt;value&gt;        set the text field, spinner or combo box with that component name
 * wait-text &lt;regex&gt;        wait until a label, text component, button or table cell shows
 *                          matching text
 * gone &lt;regex&gt;             wait until no showing window or component shows matching text
 * screenshot &lt;file.png&gt;    capture the current window (the whole screen if none)
 * dump &lt;file.txt&gt;          write the component tree, to help write scripts
 * </pre>
 * Progress goes to {@code <script>.report}: {@code OK <step>} per step, then {@code DONE}, or
 * {@code FAIL <step>: <why>}, with the screen at that moment in {@code <script>.fail.png}.
 */
public final class SwingDriver {
  private final Path report;
  private final long timeoutNanos;
  private Window current;

  private SwingDriver(Path report) {
    this.report = report;
    this.timeoutNanos = Long.getLong("slabpool.driver.timeout", 120) * 1_000_000_000L;
  }

  /** Entry point for {@code -javaagent}: runs the script on a daemon thread. */
  public static void premain(String script, Instrumentation inst) {
    Path path = Path.of(script);
    SwingDriver driver = new SwingDriver(Path.of(script + ".report"));
    Thread t = new Thread(() -> driver.run(path), "slabpool-swing-driver");
    t.setDaemon(true);
    t.start();
  }

  /** Entry point for dynamic attach. */
  public static void agentmain(String script, Instrumentation inst) {
    premain(script, inst);
  }

  private void run(Path script) {
    String step = "(reading script)";
    try {
      for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
        step = line.strip();
        if (step.isEmpty() || step.startsWith("#")) {
          continue;
        }
        perform(step);
        log("OK " + step);
      }
      log("DONE");
    } catch (Throwable t) {
      try {
        screenshot(Path.of(script + ".fail.png"));
      } catch (Exception e) {
        t.addSuppressed(e);
      }
      log("FAIL " + step + ": " + t + " (screen saved to " + script + ".fail.png)");
    }
  }

  private void perform(String step) throws Exception {
    int space = step.indexOf(' ');
    String verb = space < 0 ? step : step.substring(0, space);
    String arg = space < 0 ? "" : step.substring(space + 1).strip();
    switch (verb) {
      case "window" -> {
        Pattern p = Pattern.compile(arg);
        current = await("a window titled /" + arg + "/", () -> {
          for (Window w : Window.getWindows()) {
            if (w.isShowing() && p.matcher(title(w)).find()) {
              return w;
            }
          }
          return null;
        });
      }
      case "size" -> {
        String[] wh = arg.split("x");
        Window w = current;
        if (w == null) {
          throw new IllegalStateException("size needs a current window: use 'window' first");
        }
        SwingUtilities.invokeAndWait(() -> {
          if (w instanceof java.awt.Frame f) {
            f.setExtendedState(java.awt.Frame.NORMAL);
          }
          w.setBounds(0, 0, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
          w.validate();
        });
      }
      case "tab" -> {
        Pattern p = Pattern.compile(arg);
        await("a tab titled /" + arg + "/", () -> onEdt(() -> {
          for (JTabbedPane tabs : find(JTabbedPane.class)) {
            for (int i = 0; i < tabs.getTabCount(); i++) {
              if (tabs.getTitleAt(i) != null && p.matcher(tabs.getTitleAt(i)).find()) {
                tabs.setSelectedIndex(i);
                return Boolean.TRUE;
              }
            }
          }
          return null;
        }));
      }
      case "tree" -> {
        List<Pattern> steps = Arrays.stream(arg.split("\\s+>\\s+")).map(Pattern::compile)
            .toList();
        await("a tree node /" + arg + "/", () -> onEdt(() -> {
          for (JTree tree : find(JTree.class)) {
            TreePath path = new TreePath(tree.getModel().getRoot());
            for (int i = 0; i < steps.size() && path != null; i++) {
              path = findNode(tree.getModel(), path, steps.get(i), 0);
            }
            if (path != null) {
              tree.expandPath(path);
              tree.setSelectionPath(path);
              tree.scrollPathToVisible(path);
              return Boolean.TRUE;
            }
            // expand everything visible so lazily built children appear on the next poll
            for (int r = 0; r < tree.getRowCount() && r < 500; r++) {
              tree.expandRow(r);
            }
          }
          return null;
        }));
      }
      case "click" -> {
        Pattern p = Pattern.compile(arg);
        AbstractButton b = await("a button /" + arg + "/", () -> onEdt(() -> {
          for (AbstractButton button : find(AbstractButton.class)) {
            if (button.isEnabled() && (matches(p, button.getText())
                || matches(p, button.getName()) || matches(p, button.getToolTipText()))) {
              return button;
            }
          }
          return null;
        }));
        SwingUtilities.invokeAndWait(b::doClick);
      }
      case "set" -> {
        int eq = arg.indexOf('=');
        String name = arg.substring(0, eq);
        String value = arg.substring(eq + 1);
        await("a component named '" + name + "'", () -> onEdt(() -> {
          for (Component c : find(Component.class)) {
            if (name.equals(c.getName()) && set(c, value)) {
              return Boolean.TRUE;
            }
          }
          return null;
        }));
      }
      case "wait-text" -> {
        Pattern p = Pattern.compile(arg);
        await("text /" + arg + "/", () -> onEdt(() -> {
          for (Component c : find(Component.class)) {
            if (matches(p, text(c))) {
              return Boolean.TRUE;
            }
          }
          return null;
        }));
      }
      case "gone" -> {
        Pattern p = Pattern.compile(arg);
        await("no text /" + arg + "/", () -> onEdt(() -> {
          for (Component c : find(Component.class)) {
            if (matches(p, text(c))) {
              return null;
            }
          }
          return Boolean.TRUE;
        }));
      }
      case "screenshot" -> screenshot(Path.of(arg));
      case "dump" -> {
        List<String> out = new ArrayList<>();
        onEdt(() -> {
          for (Window w : Window.getWindows()) {
            dump(w, 0, out);
          }
          return Boolean.TRUE;
        });
        Files.write(Path.of(arg), out, StandardCharsets.UTF_8);
      }
      default -> throw new IllegalArgumentException("unknown step '" + verb + "'");
    }
  }

  private static boolean set(Component c, String value) {
    if (c instanceof JTextComponent t) {
      t.setText(value);
    } else if (c instanceof JSpinner s) {
      s.setValue(s.getValue() instanceof Integer ? (Object) Integer.valueOf(value)
          : s.getValue() instanceof Long ? (Object) Long.valueOf(value) : Double.valueOf(value));
    } else if (c instanceof JList<?> list) {
      for (int i = 0; i < list.getModel().getSize(); i++) {
        if (String.valueOf(list.getModel().getElementAt(i)).equals(value)) {
          list.setSelectedIndex(i);
          list.ensureIndexIsVisible(i);
          return true;
        }
      }
      return false;
    } else if (c instanceof JComboBox<?> box) {
      for (int i = 0; i < box.getItemCount(); i++) {
        if (String.valueOf(box.getItemAt(i)).equals(value)) {
          box.setSelectedIndex(i);
          return true;
        }
      }
      return false;
    } else {
      return false;
    }
    return true;
  }

  private void screenshot(Path file) throws Exception {
    // Repaint everything (a closed dialog leaves stale pixels behind) and let it reach the screen.
    SwingUtilities.invokeAndWait(() -> {
      for (Window w : Window.getWindows()) {
        if (w.isShowing()) {
          w.paintAll(w.getGraphics());
        }
      }
    });
    java.awt.Toolkit.getDefaultToolkit().sync();
    Rectangle area = onEdt(() -> current != null && current.isShowing()
        ? current.getBounds() : null);
    Robot robot = new Robot();
    robot.waitForIdle();
    if (area == null) {
      area = new Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
    }
    BufferedImage image = robot.createScreenCapture(area);
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(image, "png", file.toFile());
  }

  private static TreePath findNode(TreeModel model, TreePath path, Pattern p, int depth) {
    if (matches(p, String.valueOf(path.getLastPathComponent()))) {
      return path;
    }
    if (depth > 12) {
      return null;
    }
    Object node = path.getLastPathComponent();
    for (int i = 0; i < model.getChildCount(node); i++) {
      TreePath found = findNode(model, path.pathByAddingChild(model.getChild(node, i)), p,
          depth + 1);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private <T> List<T> find(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Window w : Window.getWindows()) {
      if (w.isShowing()) {
        collect(w, type, out);
      }
    }
    return out;
  }

  private static <T> void collect(Component c, Class<T> type, List<T> out) {
    if (type.isInstance(c) && c.isShowing()) {
      out.add(type.cast(c));
    }
    if (c instanceof Container container) {
      for (Component child : container.getComponents()) {
        collect(child, type, out);
      }
    }
  }

  private static void dump(Component c, int depth, List<String> out) {
    out.add("  ".repeat(depth) + c.getClass().getName() + " name=" + c.getName() + " showing="
        + c.isShowing() + " text=" + text(c));
    if (c instanceof Container container) {
      for (Component child : container.getComponents()) {
        dump(child, depth + 1, out);
      }
    }
  }

  private static String text(Component c) {
    if (c instanceof JLabel l) {
      return l.getText();
    } else if (c instanceof AbstractButton b) {
      return b.getText();
    } else if (c instanceof JTextComponent t) {
      return t.getText();
    } else if (c instanceof JTable table) {
      StringBuilder sb = new StringBuilder();
      for (int r = 0; r < table.getRowCount(); r++) {
        for (int col = 0; col < table.getColumnCount(); col++) {
          sb.append(table.getValueAt(r, col)).append('\n');
        }
      }
      return sb.toString();
    } else if (c instanceof JTabbedPane tabs) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < tabs.getTabCount(); i++) {
        sb.append(tabs.getTitleAt(i)).append('|');
      }
      return sb.toString();
    } else if (c instanceof Window w) {
      return title(w);
    } else if (c instanceof javax.swing.JInternalFrame f) {
      return f.getTitle();
    }
    return null;
  }

  private static String title(Window w) {
    String t = w instanceof java.awt.Frame f ? f.getTitle()
        : w instanceof java.awt.Dialog d ? d.getTitle() : null;
    return t == null ? "" : t;
  }

  private static boolean matches(Pattern p, String s) {
    return s != null && p.matcher(s).find();
  }

  private <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    for (;;) {
      T found = probe.get();
      if (found != null) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(200); // polling a GUI condition; the condition itself is what we wait on
    }
  }

  private static <T> T onEdt(Supplier<T> action) {
    AtomicReference<T> result = new AtomicReference<>();
    try {
      SwingUtilities.invokeAndWait(() -> result.set(action.get()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
    return result.get();
  }

  private synchronized void log(String line) {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(report, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
      w.println(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
