package dev.slabpool.heatmap;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import javax.swing.JComponent;

/**
 * The key of the heat map: the empty colour, the density ramp, the pinned marker and the hot bar.
 */
final class DensityLegend extends JComponent {
  private static final int BOX = 12;
  private static final int RAMP_WIDTH = 120;

  DensityLegend() {
    setName("legend");
  }

  @Override
  public Dimension getPreferredSize() {
    FontMetrics fm = getFontMetrics(getFont());
    return new Dimension(RAMP_WIDTH + 440, Math.max(BOX, fm.getHeight()) + 6);
  }

  @Override
  protected void paintComponent(Graphics g) {
    Graphics2D g2 = (Graphics2D) g.create();
    try {
      g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      FontMetrics fm = g2.getFontMetrics();
      int y = (getHeight() - BOX) / 2;
      int text = y + (BOX + fm.getAscent() - fm.getDescent()) / 2;
      int x = 4;
      g2.setColor(SlabHeatMap.EMPTY);
      g2.fillRect(x, y, BOX, BOX);
      x += BOX + 4;
      x = label(g2, "empty", x, text) + 16;
      x = label(g2, "0%", x, text) + 4;
      for (int i = 0; i < RAMP_WIDTH; i++) {
        g2.setColor(SlabHeatMap.densityColor((i + 1.0) / RAMP_WIDTH));
        g2.fillRect(x + i, y, 1, BOX);
      }
      x += RAMP_WIDTH + 4;
      x = label(g2, "100% dense", x, text) + 16;
      g2.setColor(SlabHeatMap.densityColor(0.75));
      g2.fillRect(x, y, BOX, BOX);
      g2.setColor(Color.BLACK);
      g2.fillOval(x + BOX / 4, y + BOX / 4, BOX / 2, BOX / 2);
      x = label(g2, "pinned objects (refcount > 1)", x + BOX + 4, text) + 16;
      g2.setColor(SlabHeatMap.densityColor(0.75));
      g2.fillRect(x, y, BOX, BOX);
      SlabHeatMap.paintHotBar(g2, x, y, BOX, 0.5);
      label(g2, "hot objects (bar)", x + BOX + 4, text);
    } finally {
      g2.dispose();
    }
  }

  private int label(Graphics2D g2, String s, int x, int baseline) {
    g2.setColor(getForeground());
    g2.drawString(s, x, baseline);
    return x + g2.getFontMetrics().stringWidth(s);
  }
}
