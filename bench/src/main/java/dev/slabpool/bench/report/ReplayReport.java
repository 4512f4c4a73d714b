package dev.slabpool.bench.report;

import static dev.slabpool.bench.report.MarkdownTable.count;
import static dev.slabpool.bench.report.MarkdownTable.num;

import dev.slabpool.bench.replay.PolicyResult;
import dev.slabpool.bench.replay.TraceResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Markdown table and the charts of one trace replay. */
public final class ReplayReport {
  private ReplayReport() {}

  /** The per-policy table of a replay. */
  public static String table(TraceResult r) {
    MarkdownTable t = new MarkdownTable("policy", "slabs freed", "objects evicted",
        "evicted / freed slab", "efficiency", "density after", "hit ratio after shrink",
        "same accesses without shrink", "rest of half after shrink", "steady hit ratio",
        "optimal (Belady)");
    for (PolicyResult p : r.results()) {
      t.row(p.policy().id(), count(p.slabsFreed()) + " / " + count(p.slabsRequested()),
          count(p.objectsEvicted()), num(p.evictedPerFreedSlab(), 1), num(p.efficiency(), 3),
          num(p.densityAfter(), 3), num(p.hitRatioAfterShrink(), 4),
          num(p.steadyWindowHitRatio(), 4), num(p.hitRatioRestAfterShrink(), 4),
          num(p.steadyHitRatio(), 4), num(p.optHitRatio(), 4));
    }
    return t.toString();
  }

  /** One line on what was replayed and how. */
  public static String setting(TraceResult r) {
    PolicyResult first = r.results().get(0);
    return String.format("%,d accesses, %,d distinct keys; cache %,d slabs x %d objects; %,d slabs"
            + " held before the shrink, %,d keys pinned; placement %s%s; hit ratio after shrink"
            + " over the next %s accesses (%s); %.1f s",
        r.accesses(), r.distinctKeys(), first.cacheSlabs(), first.objectsPerSlab(),
        first.slabsBefore(), first.pinned(), r.config().placement().id(),
        r.sameLayout() ? " (same slab layout for every policy)" : "", windows(r),
        r.config().afterWindow() > 0 ? "--after-window" : "the objects held before the shrink",
        r.seconds());
  }

  /** The windows after the shrink: one count, or each policy's when they differ. */
  private static String windows(TraceResult r) {
    List<Long> w = r.results().stream().map(PolicyResult::afterWindow).distinct().toList();
    if (w.size() == 1) {
      return count(w.get(0));
    }
    StringBuilder sb = new StringBuilder();
    for (PolicyResult p : r.results()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(p.policy().id()).append(' ')
          .append(count(p.afterWindow()));
    }
    return sb.toString();
  }

  /** The chart files of one replay: the heat map, and the eviction chart (null without sweep). */
  public record Charts(Path heatMap, Path evictions) {}

  /**
   * Writes {@code <prefix><trace>-heatmap.png} and, with a sweep,
   * {@code <prefix><trace>-evictions.png} into {@code dir}.
   */
  public static Charts writeCharts(TraceResult r, Path dir, String prefix) throws IOException {
    Files.createDirectories(dir);
    Path heat = HeatMap.write(r, dir.resolve(prefix + r.trace() + "-heatmap.png"));
    Path ev = r.config().sweepSteps() == 0 ? null
        : EvictionChart.write(r, dir.resolve(prefix + r.trace() + "-evictions.png"));
    return new Charts(heat, ev);
  }

  /**
   * Writes the charts and {@code <trace>.md}, the table with links to the charts, into {@code dir}.
   *
   * @return the files written
   */
  public static List<Path> write(TraceResult r, Path dir) throws IOException {
    Charts charts = writeCharts(r, dir, "");
    List<Path> files = new ArrayList<>();
    files.add(charts.heatMap());
    StringBuilder md = new StringBuilder("## ").append(r.trace()).append("\n\n")
        .append(setting(r)).append("\n\n").append(table(r)).append('\n')
        .append("![slab occupancy](").append(charts.heatMap().getFileName()).append(")\n");
    if (charts.evictions() != null) {
      files.add(charts.evictions());
      md.append("\n![objects evicted against memory freed](")
          .append(charts.evictions().getFileName()).append(")\n");
    }
    Path table = dir.resolve(r.trace() + ".md");
    Files.writeString(table, md);
    files.add(table);
    return files;
  }
}
