package dev.slabpool.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.jmx.settings.CacheSelection;
import dev.slabpool.jmx.settings.Configuration;
import dev.slabpool.jmx.settings.MBeanExposure;
import dev.slabpool.jmx.settings.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every agent argument, every kind of bad input, and --help listing each setting once. */
class AgentArgumentsTest {
  private final List<String> warnings = new ArrayList<>();

  private Configuration parse(String arguments) {
    return Configuration.fromAgentArguments(arguments, warnings::add);
  }

  @Test
  void noArgumentsMeansEveryDefault() {
    Configuration config = parse(null);
    assertThat(config.get(Settings.JMX)).isEqualTo(MBeanExposure.LOCAL);
    assertThat(config.get(Settings.JMX_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(config.get(Settings.JMX_PORT)).isZero();
    assertThat(config.get(Settings.INSECURE)).isFalse();
    assertThat(config.get(Settings.POLICY)).isNull();
    assertThat(config.get(Settings.PRESSURE_THRESHOLD)).isZero();
    assertThat(config.isGiven(Settings.PRESSURE_THRESHOLD)).isFalse();
    assertThat(config.isGiven(Settings.JMX)).isFalse();
    assertThat(parse("").toString()).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void parsesEveryKey() {
    Configuration config = parse(" jmx=REMOTE, jmx.port=9010,jmx.address=0.0.0.0,"
        + "jmx.password.file=/etc/pw,jmx.access.file=/etc/acc,insecure=true,"
        + "pressure.threshold=0.8,pressure.fraction=0.25,pressure.minIntervalMillis=500,"
        + "policy=Lru,trace=sessions+buffers,trace.depth=3,verbose=false,");
    assertThat(warnings).isEmpty();
    assertThat(config.get(Settings.JMX)).isEqualTo(MBeanExposure.REMOTE);
    assertThat(config.get(Settings.JMX_PORT)).isEqualTo(9010);
    assertThat(config.get(Settings.JMX_ADDRESS)).isEqualTo("0.0.0.0");
    assertThat(config.get(Settings.JMX_PASSWORD_FILE)).isEqualTo(Path.of("/etc/pw"));
    assertThat(config.get(Settings.JMX_ACCESS_FILE)).isEqualTo(Path.of("/etc/acc"));
    assertThat(config.get(Settings.INSECURE)).isTrue();
    assertThat(config.get(Settings.PRESSURE_THRESHOLD)).isEqualTo(0.8);
    assertThat(config.get(Settings.PRESSURE_FRACTION)).isEqualTo(0.25);
    assertThat(config.get(Settings.PRESSURE_MIN_INTERVAL_MILLIS)).isEqualTo(500L);
    assertThat(config.get(Settings.POLICY)).isEqualTo("lru");
    assertThat(config.get(Settings.TRACE))
        .isEqualTo(new CacheSelection(false, Set.of("sessions", "buffers")));
    assertThat(config.get(Settings.TRACE_DEPTH)).isEqualTo(3);
    assertThat(parse("trace=*").get(Settings.TRACE)).isEqualTo(CacheSelection.ALL);
    assertThat(config.isGiven(Settings.VERBOSE)).isTrue();
  }

  @Test
  void badInputIsNamedAndTheDefaultKept() {
    Configuration config = parse("bogus=1,jmx=sideways,jmx.port=99999,pressure.threshold=2,"
        + "pressure.fraction=0,policy=fifo,trace=a b,trace.depth=0,insecure=yes,novalue,"
        + "jmx.address=,jmx.password.file=");
    assertThat(warnings).hasSize(12);
    assertThat(warnings.get(0)).contains("'novalue'", "name=value");
    assertThat(warnings.get(1)).contains("unknown agent argument bogus", "jmx.port");
    assertThat(warnings.get(2)).contains("'sideways'", "'jmx'", "agent argument jmx",
        "local, remote, none", "using the default 'local'");
    assertThat(warnings.get(3)).contains("'99999'", "'jmx.port'", "0 to 65535",
        "using the default '0'");
    assertThat(warnings.get(4)).contains("'2'", "'pressure.threshold'",
        "using the default '0.0'");
    assertThat(warnings.get(5)).contains("'0'", "'pressure.fraction'", "above 0");
    assertThat(warnings.get(6)).contains("'fifo'", "'policy'", "slab, lru, caffeine, hot",
        "leaving it unset");
    assertThat(warnings.get(7)).contains("'a b'", "'trace'", "invalid cache name");
    assertThat(warnings.get(8)).contains("'0'", "'trace.depth'", "1 to 32",
        "using the default '1'");
    assertThat(warnings.get(9)).contains("'yes'", "'insecure'", "true or false");
    assertThat(warnings.get(10)).contains("'jmx.address'", "host name");
    assertThat(warnings.get(11)).contains("'jmx.password.file'", "file path");
    assertThat(config.get(Settings.JMX)).isEqualTo(MBeanExposure.LOCAL);
    assertThat(config.get(Settings.JMX_PORT)).isZero();
    assertThat(config.get(Settings.POLICY)).isNull();
    assertThat(config.get(Settings.TRACE_DEPTH)).isEqualTo(1);
    assertThat(config.toString()).isEmpty();
  }

  @Test
  void aLaterAttachReadsOnlyItsArgumentsNotTheJvmsSettings() {
    System.setProperty("slabpool.policy", "hot");
    try {
      assertThat(parse("verbose=true").isGiven(Settings.POLICY)).isFalse();
      assertThat(Configuration.ofJvm("verbose=true", warnings::add).get(Settings.POLICY))
          .isEqualTo("hot");
    } finally {
      System.clearProperty("slabpool.policy");
    }
  }

  @Test
  void theHelpOptionsAreTheSettings() {
    assertThat(Option.ALL).extracting(Option::key)
        .containsExactlyElementsOf(Settings.ALL.stream().map(s -> s.name()).toList());
  }
}
