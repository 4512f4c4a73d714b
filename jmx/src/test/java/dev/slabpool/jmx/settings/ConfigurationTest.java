package dev.slabpool.jmx.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence across the four sources, escaping, bad values, unknown names and aliases. */
class ConfigurationTest {
  private final List<String> warnings = new ArrayList<>();
  @TempDir
  Path dir;

  private Configuration resolve(String arguments, Map<String, String> properties,
      Map<String, String> environment) {
    return Configuration.resolve(arguments, properties, environment, warnings::add);
  }

  private Path file(String... lines) throws IOException {
    Path f = dir.resolve("slabpool.properties");
    Files.write(f, List.of(lines), StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void agentArgumentsBeatPropertiesBeatEnvironmentBeatTheFile() throws IOException {
    Path f = file("pressure.fraction=0.1", "pressure.threshold=0.4", "policy=lru",
        "trace.depth=4");
    Configuration c = resolve("config=" + f + ",pressure.fraction=0.9",
        Map.of("slabpool.pressure.fraction", "0.8", "slabpool.pressure.threshold", "0.7",
            "unrelated", "x"),
        Map.of("SLABPOOL_PRESSURE_FRACTION", "0.6", "SLABPOOL_PRESSURE_THRESHOLD", "0.5",
            "SLABPOOL_POLICY", "hot", "PATH", "/bin"));
    assertThat(warnings).isEmpty();
    assertThat(c.get(Settings.PRESSURE_FRACTION)).isEqualTo(0.9);
    assertThat(c.origin(Settings.PRESSURE_FRACTION))
        .isEqualTo("agent argument pressure.fraction");
    assertThat(c.get(Settings.PRESSURE_THRESHOLD)).isEqualTo(0.7);
    assertThat(c.origin(Settings.PRESSURE_THRESHOLD))
        .isEqualTo("system property slabpool.pressure.threshold");
    assertThat(c.get(Settings.POLICY)).isEqualTo("hot");
    assertThat(c.origin(Settings.POLICY)).isEqualTo("environment variable SLABPOOL_POLICY");
    assertThat(c.get(Settings.TRACE_DEPTH)).isEqualTo(4);
    assertThat(c.origin(Settings.TRACE_DEPTH)).isEqualTo("config file " + f + ", key trace.depth");
    assertThat(c.isGiven(Settings.JMX_PORT)).isFalse();
    assertThat(c.get(Settings.JMX_PORT)).isZero();
    assertThat(c.origin(Settings.JMX_PORT)).isNull();
    assertThat(c.toString()).isEqualTo("config=" + f + ",pressure.threshold=0.7,"
        + "pressure.fraction=0.9,policy=hot,trace.depth=4");
  }

  @Test
  void theConfigFileIsNamedByArgumentThenPropertyThenEnvironment() throws IOException {
    Path byArgument = file("policy=lru");
    Path byProperty = Files.writeString(dir.resolve("p.properties"), "policy=hot\n");
    Path byEnvironment = Files.writeString(dir.resolve("e.properties"), "policy=caffeine\n");
    Map<String, String> env = Map.of("SLABPOOL_CONFIG", byEnvironment.toString());
    Map<String, String> props = Map.of("slabpool.config", byProperty.toString());
    assertThat(resolve("config=" + byArgument, props, env).get(Settings.POLICY)).isEqualTo("lru");
    assertThat(resolve(null, props, env).get(Settings.POLICY)).isEqualTo("hot");
    assertThat(resolve(null, Map.of(), env).get(Settings.POLICY)).isEqualTo("caffeine");
    assertThat(warnings).isEmpty();
  }

  @Test
  void aCommaInAnAgentArgumentValueIsEscaped() {
    Configuration c = resolve("jmx.password.file=/etc/a\\,b.pw , jmx.access.file=C:\\jmx\\acc,"
        + "trace=x", Map.of(), Map.of());
    assertThat(warnings).isEmpty();
    assertThat(c.get(Settings.JMX_PASSWORD_FILE)).isEqualTo(Path.of("/etc/a,b.pw"));
    assertThat(c.get(Settings.JMX_ACCESS_FILE)).isEqualTo(Path.of("C:\\jmx\\acc"));
    assertThat(c.get(Settings.TRACE).names()).containsExactly("x");
    assertThat(AgentArguments.split("a=1\\,2,,b=3", warnings::add))
        .containsExactly(Map.entry("a", "1,2"), Map.entry("b", "3"));
  }

  @Test
  void aBadValueInEachSourceIsNamedWithItsSourceAndTheNextSourceOrTheDefaultIsUsed()
      throws IOException {
    Path f = file("trace.depth=99", "pressure.fraction=0.3");
    Configuration c = resolve("config=" + f + ",pressure.fraction=lots,jmx.port=99999",
        Map.of("slabpool.pressure.fraction", "2", "slabpool.pressure.threshold", "NaN"),
        Map.of("SLABPOOL_PRESSURE_FRACTION", "0.4", "SLABPOOL_POLICY", "fifo"));
    assertThat(c.get(Settings.PRESSURE_FRACTION)).isEqualTo(0.4);
    assertThat(c.get(Settings.JMX_PORT)).isZero();
    assertThat(c.get(Settings.PRESSURE_THRESHOLD)).isZero();
    assertThat(c.get(Settings.POLICY)).isNull();
    assertThat(c.get(Settings.TRACE_DEPTH)).isEqualTo(1);
    assertThat(warnings).containsExactly(
        "ignored bad value 'lots' for 'pressure.fraction' from agent argument pressure.fraction"
            + " (expected a number above 0 to 1); using '0.4' from environment variable"
            + " SLABPOOL_PRESSURE_FRACTION",
        "ignored bad value '99999' for 'jmx.port' from agent argument jmx.port (expected an"
            + " integer from 0 to 65535); using the default '0'",
        "ignored bad value '2' for 'pressure.fraction' from system property"
            + " slabpool.pressure.fraction (expected a number above 0 to 1); using '0.4' from"
            + " environment variable SLABPOOL_PRESSURE_FRACTION",
        "ignored bad value 'NaN' for 'pressure.threshold' from system property"
            + " slabpool.pressure.threshold (expected a number from 0 to 1); using the default"
            + " '0.0'",
        "ignored bad value 'fifo' for 'policy' from environment variable SLABPOOL_POLICY"
            + " (unknown reclaim policy 'fifo': expected one of slab, lru, caffeine, hot);"
            + " leaving it unset",
        "ignored bad value '99' for 'trace.depth' from config file " + f + ", key trace.depth"
            + " (expected an integer from 1 to 32); using the default '1'");
  }

  @Test
  void unknownNamesAreNamedWithTheKnownSettings() throws IOException {
    Path f = file("pressure.treshold=0.5");
    Configuration c = resolve("config=" + f + ",bogus=1,novalue", Map.of("slabpool.polcy", "lru"),
        Map.of("SLABPOOL_JMXPORT", "1"));
    String known = "(known settings: config, jmx, jmx.port, jmx.address, jmx.password.file,"
        + " jmx.access.file, insecure, pressure.threshold, pressure.fraction,"
        + " pressure.minIntervalMillis, policy, trace, trace.depth, verbose)";
    assertThat(warnings).containsExactly(
        "ignored agent argument 'novalue': expected name=value",
        "ignored unknown agent argument bogus " + known,
        "ignored unknown system property slabpool.polcy " + known,
        "ignored unknown environment variable SLABPOOL_JMXPORT " + known,
        "ignored unknown config file " + f + ", key pressure.treshold " + known);
    assertThat(c.toString()).isEqualTo("config=" + f);
  }

  @Test
  void oldSpellingsWorkWithAWarningNamingTheNewName() throws IOException {
    Path f = file("pressure.interval.ms=4");
    assertThat(resolve("pressure.interval.ms=1", Map.of(), Map.of())
        .get(Settings.PRESSURE_MIN_INTERVAL_MILLIS)).isEqualTo(1L);
    assertThat(resolve(null, Map.of("slabpool.pressure.interval.ms", "2"), Map.of())
        .get(Settings.PRESSURE_MIN_INTERVAL_MILLIS)).isEqualTo(2L);
    assertThat(resolve(null, Map.of(), Map.of("SLABPOOL_PRESSURE_INTERVAL_MS", "3"))
        .get(Settings.PRESSURE_MIN_INTERVAL_MILLIS)).isEqualTo(3L);
    assertThat(resolve("config=" + f, Map.of(), Map.of())
        .get(Settings.PRESSURE_MIN_INTERVAL_MILLIS)).isEqualTo(4L);
    assertThat(warnings).containsExactly(
        "agent argument pressure.interval.ms is deprecated: use pressure.minIntervalMillis"
            + " instead",
        "system property slabpool.pressure.interval.ms is deprecated: use"
            + " slabpool.pressure.minIntervalMillis instead",
        "environment variable SLABPOOL_PRESSURE_INTERVAL_MS is deprecated: use"
            + " SLABPOOL_PRESSURE_MININTERVALMILLIS instead",
        "config file " + f + ", key pressure.interval.ms is deprecated: use"
            + " pressure.minIntervalMillis instead");
  }

  @Test
  void givenTwiceTheLastArgumentWinsAndElsewhereTheNewNameBeatsTheAlias() {
    Configuration c = resolve("policy=lru,policy=caffeine,policy=bad", Map.of(
        "slabpool.pressure.interval.ms", "5", "slabpool.pressure.minIntervalMillis", "6"),
        Map.of());
    assertThat(c.get(Settings.POLICY)).isEqualTo("caffeine");
    assertThat(c.get(Settings.PRESSURE_MIN_INTERVAL_MILLIS)).isEqualTo(6L);
    assertThat(warnings).contains(
        "'policy' given twice, by agent argument policy and agent argument policy; 'caffeine'"
            + " from agent argument policy is used",
        "ignored bad value 'bad' for 'policy' from agent argument policy (unknown reclaim policy"
            + " 'bad': expected one of slab, lru, caffeine, hot); using 'caffeine' from agent"
            + " argument policy",
        "'pressure.minIntervalMillis' given twice, by system property"
            + " slabpool.pressure.interval.ms and system property"
            + " slabpool.pressure.minIntervalMillis; '6' from system property"
            + " slabpool.pressure.minIntervalMillis is used");
  }

  @Test
  void aMissingConfigFileIsNamedAndTheOtherSourcesStillCount() {
    Path missing = dir.resolve("nope.properties");
    Configuration c = resolve(null, Map.of("slabpool.config", missing.toString(),
        "slabpool.policy", "lru"), Map.of());
    assertThat(c.get(Settings.POLICY)).isEqualTo("lru");
    assertThat(warnings).singleElement().asString().startsWith("cannot read config file "
        + missing + " (given by system property slabpool.config): java.nio.file."
        + "NoSuchFileException").endsWith("; no setting is taken from it");
  }

  @Test
  void aConfigFileCannotNameAnother() throws IOException {
    Path f = file("config=/elsewhere", "verbose=true");
    Configuration c = resolve("config=" + f, Map.of(), Map.of());
    assertThat(c.get(Settings.VERBOSE)).isTrue();
    assertThat(c.get(Settings.CONFIG)).isEqualTo(f);
    assertThat(warnings).containsExactly("ignored config file " + f + ", key config: a config"
        + " file cannot name another one");
  }
}
