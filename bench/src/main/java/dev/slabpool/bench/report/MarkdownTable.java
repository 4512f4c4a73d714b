package dev.slabpool.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table built row by row; the first column is left-aligned, the others right. */
public final class MarkdownTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these column headings. */
  public MarkdownTable(String... header) {
    this.header = List.of(header);
  }

  /**
   * Adds a row.
   *
   * @throws IllegalArgumentException if it has not one cell per column
   */
  public MarkdownTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, the table "
          + header.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(String.valueOf(c).replace("|", "\\|").replace('\n', ' '));
    }
    rows.add(row);
    return this;
  }

  /** Formats a number with {@code decimals} decimals; "n/a" when it is not finite. */
  public static String num(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "n/a";
  }

  /** Formats a count with thousands separators. */
  public static String count(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    line(sb, header);
    sb.append('|');
    for (int i = 0; i < header.size(); i++) {
      sb.append(i == 0 ? " --- |" : " ---: |");
    }
    sb.append('\n');
    for (List<String> row : rows) {
      line(sb, row);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells) {
    sb.append('|');
    for (String c : cells) {
      sb.append(' ').append(c).append(" |");
    }
    sb.append('\n');
  }
}
