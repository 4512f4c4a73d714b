package dev.slabpool.jmx.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a Prometheus registry in the text format, parsed: samples and metric types. */
final class Scrape {
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  /** A sample: metric name, labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  final String text;
  final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> types = new HashMap<>();

  Scrape(PrometheusMeterRegistry registry) {
    this.text = registry.scrape();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        Matcher m = SAMPLE.matcher(line);
        assertThat(m.matches()).as("a sample line: %s", line).isTrue();
        Map<String, String> labels = new TreeMap<>();
        if (m.group(2) != null) {
          Matcher l = LABEL.matcher(m.group(2));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
      }
    }
  }

  /** The one sample of that name whose labels are exactly these pairs; fails if there is none. */
  double value(String name, String... labels) {
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    List<Sample> found = samples.stream()
        .filter(s -> s.name.equals(name) && s.labels.equals(wanted)).toList();
    assertThat(found).as("%s%s in the scrape:%n%s", name, wanted, text).hasSize(1);
    return found.get(0).value;
  }

  /** The samples of one cache, by name. */
  List<Sample> ofCache(String cache) {
    return samples.stream().filter(s -> cache.equals(s.labels.get("cache"))).toList();
  }

  /** Sum of the samples of that name and cache over every value of one other label. */
  double sum(String name, String cache) {
    return samples.stream().filter(s -> s.name.equals(name))
        .filter(s -> cache.equals(s.labels.get("cache"))).mapToDouble(Sample::value).sum();
  }

  /** The type its TYPE line gives a metric ({@code counter}, {@code gauge}, ...). */
  String type(String metric) {
    assertThat(types).as("a TYPE line for %s", metric).containsKey(metric);
    return types.get(metric);
  }
}
