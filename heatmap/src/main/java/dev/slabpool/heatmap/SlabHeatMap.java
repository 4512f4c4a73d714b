package dev.slabpool.heatmap;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.event.MouseEvent;
import java.util.Locale;
import javax.swing.JComponent;
import javax.swing.JViewport;
import javax.swing.Scrollable;
import javax.swing.SwingConstants;
import javax.swing.ToolTipManager;

/**
 * The heat map: one cell per slab, in the order the slabs were built, coloured by the slab's
 * density (blue = sparse, red = full, grey = empty); a black dot marks a slab holding pinned
 * objects (refcount above 1), which no reclaim can free; a green bar along a cell's bottom edge,
 * as long as the share of its slots that are hot, shows what the hot policy's reclaim would move
 * out of the slab rather than evict. Cells shrink to fit the view, down to a
 * minimum size, beyond which the map scrolls.
 */
final class SlabHeatMap extends JComponent implements Scrollable {
  static final int MIN_CELL = 6;
  static final int MAX_CELL = 40;
  private static final int PAD = 4;
  static final Color EMPTY = new Color(0xdd, 0xdd, 0xdd);
  // Green is outside the density ramp, so the hot bar reads on every cell colour.
  static final Color HOT = new Color(0x00, 0x88, 0x37);
  // A diverging ramp (ColorBrewer RdYlBu, reversed): sparse slabs cold, dense slabs hot.
  private static final Color[] RAMP = {new Color(0x31, 0x36, 0x95), new Color(0x74, 0xad, 0xd1),
      new Color(0xff, 0xff, 0xbf), new Color(0xf4, 0x6d, 0x43), new Color(0xa5, 0x00, 0x26)};

  private SlabCells cells = SlabCells.NONE;
  private String message = "";

  SlabHeatMap() {
    setName("heatmap");
    setOpaque(true);
    setBackground(Color.WHITE);
    ToolTipManager.sharedInstance().registerComponent(this);
  }

  /** Shows these slabs (on the event dispatch thread). */
  void show(SlabCells slabs) {
    this.cells = slabs;
    this.message = slabs.slabs() == 0 ? "This cache holds no slabs" : "";
    revalidate();
    repaint();
  }

  /** Shows a message instead of slabs (on the event dispatch thread). */
  void showMessage(String text) {
    this.cells = SlabCells.NONE;
    this.message = text;
    revalidate();
    repaint();
  }

  /** The slabs shown. */
  SlabCells cells() {
    return cells;
  }

  /** The message shown instead of slabs, or an empty string. */
  String message() {
    return message;
  }

  /** The colour of a slab of this density (0 = empty, 1 = full). */
  static Color densityColor(double density) {
    if (density <= 0) {
      return EMPTY;
    }
    double x = Math.min(1, density) * (RAMP.length - 1);
    int i = Math.min(RAMP.length - 2, (int) x);
    double f = x - i;
    Color a = RAMP[i];
    Color b = RAMP[i + 1];
    return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }

  /** The side of a cell for {@code n} slabs in an area of this size. */
  static int cellSize(int n, int width, int height) {
    int w = Math.max(1, width - 2 * PAD);
    int h = Math.max(1, height - 2 * PAD);
    for (int s = MAX_CELL; s > MIN_CELL; s--) {
      int columns = Math.max(1, w / s);
      if ((long) ceilDiv(n, columns) * s <= h) {
        return s;
      }
    }
    return MIN_CELL;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private Dimension visibleArea() {
    if (getParent() instanceof JViewport viewport) {
      return viewport.getExtentSize();
    }
    return getSize();
  }

  private int cell() {
    Dimension area = visibleArea();
    return cellSize(cells.slabs(), area.width, area.height);
  }

  private int columns(int cell) {
    return Math.max(1, (Math.max(getWidth(), visibleArea().width) - 2 * PAD) / cell);
  }

  @Override
  public Dimension getPreferredSize() {
    int cell = cell();
    int rows = ceilDiv(cells.slabs(), columns(cell));
    return new Dimension(visibleArea().width, Math.max(60, rows * cell + 2 * PAD));
  }

  @Override
  protected void paintComponent(Graphics g) {
    Graphics2D g2 = (Graphics2D) g.create();
    try {
      g2.setColor(getBackground());
      g2.fillRect(0, 0, getWidth(), getHeight());
      g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      if (cells.slabs() == 0) {
        g2.setColor(Color.DARK_GRAY);
        FontMetrics fm = g2.getFontMetrics();
        g2.drawString(message, Math.max(PAD, (getWidth() - fm.stringWidth(message)) / 2),
            Math.max(fm.getAscent() + PAD, getHeight() / 2));
        return;
      }
      int cell = cell();
      int columns = columns(cell);
      Rectangle clip = g2.getClipBounds();
      int inner = Math.max(1, cell - 1); // one pixel of gap keeps neighbouring cells apart
      for (int i = 0; i < cells.slabs(); i++) {
        int x = PAD + (i % columns) * cell;
        int y = PAD + (i / columns) * cell;
        if (clip != null && !clip.intersects(x, y, cell, cell)) {
          continue;
        }
        g2.setColor(densityColor(cells.density(i)));
        g2.fillRect(x, y, inner, inner);
        if (cells.pinned()[i] > 0) {
          int d = Math.max(2, inner * 2 / 5);
          g2.setColor(Color.BLACK);
          g2.fillOval(x + (inner - d) / 2, y + (inner - d) / 2, d, d);
        }
        if (cells.hot()[i] > 0) {
          paintHotBar(g2, x, y, inner, cells.hotShare(i));
        }
      }
    } finally {
      g2.dispose();
    }
  }

  /** The hot marker of a cell of side {@code inner} at (x, y): a bar {@code share} long. */
  static void paintHotBar(Graphics2D g2, int x, int y, int inner, double share) {
    int h = Math.max(2, inner / 4);
    int w = Math.max(1, (int) Math.round(inner * Math.min(1, share)));
    g2.setColor(HOT);
    g2.fillRect(x, y + inner - h, w, h);
  }

  /** Index of the slab under a point, or -1. */
  int slabAt(int px, int py) {
    int cell = cell();
    int columns = columns(cell);
    int column = (px - PAD) / cell;
    int row = (py - PAD) / cell;
    if (px < PAD || py < PAD || column >= columns) {
      return -1;
    }
    int i = row * columns + column;
    return i < cells.slabs() ? i : -1;
  }

  @Override
  public String getToolTipText(MouseEvent event) {
    int i = slabAt(event.getX(), event.getY());
    if (i < 0) {
      return null;
    }
    return String.format(Locale.ROOT, "slab #%d (arena %d): %d of %d objects active (%.0f%%)%s%s",
        cells.serial()[i], cells.arena()[i], cells.active()[i], cells.objectsPerSlab(),
        100 * cells.density(i), cells.pinned()[i] > 0 ? ", " + cells.pinned()[i] + " pinned" : "",
        cells.hot()[i] > 0 ? ", " + cells.hot()[i] + " hot" : "");
  }

  @Override
  public Dimension getPreferredScrollableViewportSize() {
    return new Dimension(400, 240);
  }

  @Override
  public int getScrollableUnitIncrement(Rectangle visible, int orientation, int direction) {
    return MIN_CELL;
  }

  @Override
  public int getScrollableBlockIncrement(Rectangle visible, int orientation, int direction) {
    return orientation == SwingConstants.VERTICAL ? visible.height : visible.width;
  }

  @Override
  public boolean getScrollableTracksViewportWidth() {
    return true;
  }

  @Override
  public boolean getScrollableTracksViewportHeight() {
    return getParent() instanceof JViewport viewport
        && getPreferredSize().height <= viewport.getHeight();
  }
}
