package dev.slabpool.examples.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus endpoint, read from its text exposition format (version 0.0.4): the
 * samples with their labels, and the type of each metric family.
 */
final class Scrape {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\d+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");

  /** One sample: a series (name and labels) and its value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> types = new HashMap<>();

  Scrape(String text) {
    for (String line : text.split("\n")) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        types.put(type.group(1), type.group(2));
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line of the text format: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), Map.copyOf(labels), Double.parseDouble(m.group(3))));
    }
  }

  /** Every sample of that metric. */
  List<Sample> series(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The metric names with at least one sample. */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  /**
   * The value of the one series of that metric whose labels include these.
   *
   * @param labels label names and values, alternating
   * @throws AssertionError if there is no such series, or several
   */
  double value(String name, String... labels) {
    Map<String, String> wanted = new HashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    List<Sample> found = series(name).stream()
        .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet())).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " series " + name + wanted + " in the scrape: "
          + series(name));
    }
    return found.get(0).value();
  }

  /** The type of the metric family a sample name belongs to, as its TYPE line says. */
  String type(String sampleName) {
    String t = types.get(sampleName);
    return t != null ? t : types.get(sampleName.replaceFirst("_total$", ""));
  }
}
