package dev.slabpool.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  private final List<String> warnings = new ArrayList<>();

  private AgentConfig parse(String arguments) {
    return AgentConfig.parse(arguments, warnings::add);
  }

  @Test
  void noArgumentsMeansEveryDefault() {
    AgentConfig config = parse(null);
    assertThat(config.get(Option.JMX)).isEqualTo(Option.Exposure.LOCAL);
    assertThat(config.get(Option.JMX_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(config.get(Option.JMX_PORT)).isZero();
    assertThat(config.get(Option.INSECURE)).isFalse();
    assertThat(config.get(Option.POLICY)).isNull();
    assertThat(config.get(Option.PRESSURE_THRESHOLD)).isNull();
    assertThat(config.isGiven(Option.JMX)).isFalse();
    assertThat(parse("").toString()).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void parsesEveryKey() {
    AgentConfig config = parse(" jmx=REMOTE, jmx.port=9010,jmx.address=0.0.0.0,"
        + "jmx.password.file=/etc/pw,jmx.access.file=/etc/acc,insecure=true,"
        + "pressure.threshold=0.8,pressure.fraction=0.25,pressure.interval.ms=500,policy=Lru,"
        + "trace=sessions+buffers,trace.depth=3,verbose=false,");
    assertThat(warnings).isEmpty();
    assertThat(config.get(Option.JMX)).isEqualTo(Option.Exposure.REMOTE);
    assertThat(config.get(Option.JMX_PORT)).isEqualTo(9010);
    assertThat(config.get(Option.JMX_ADDRESS)).isEqualTo("0.0.0.0");
    assertThat(config.get(Option.JMX_PASSWORD_FILE)).isEqualTo(Path.of("/etc/pw"));
    assertThat(config.get(Option.JMX_ACCESS_FILE)).isEqualTo(Path.of("/etc/acc"));
    assertThat(config.get(Option.INSECURE)).isTrue();
    assertThat(config.get(Option.PRESSURE_THRESHOLD)).isEqualTo(0.8);
    assertThat(config.get(Option.PRESSURE_FRACTION)).isEqualTo(0.25);
    assertThat(config.get(Option.PRESSURE_INTERVAL)).isEqualTo(500L);
    assertThat(config.get(Option.POLICY)).isEqualTo("lru");
    assertThat(config.get(Option.TRACE))
        .isEqualTo(new Option.CacheSelection(false, Set.of("sessions", "buffers")));
    assertThat(config.get(Option.TRACE_DEPTH)).isEqualTo(3);
    assertThat(parse("trace=*").get(Option.TRACE)).isEqualTo(Option.CacheSelection.ALL);
    assertThat(config.isGiven(Option.VERBOSE)).isTrue();
  }

  @Test
  void badInputIsNamedAndTheDefaultKept() {
    AgentConfig config = parse("bogus=1,jmx=sideways,jmx.port=99999,pressure.threshold=2,"
        + "pressure.fraction=0,policy=fifo,trace=a b,trace.depth=0,insecure=yes,novalue,"
        + "jmx.address=,jmx.password.file=");
    assertThat(warnings).hasSize(12);
    assertThat(warnings.get(0)).contains("unknown argument 'bogus'").contains("jmx.port");
    assertThat(warnings.get(1)).contains("'sideways'", "'jmx'", "local, remote, none",
        "using 'local'");
    assertThat(warnings.get(2)).contains("'99999'", "'jmx.port'", "0 to 65535", "using '0'");
    assertThat(warnings.get(3)).contains("'2'", "'pressure.threshold'", "using no setting");
    assertThat(warnings.get(4)).contains("'0'", "'pressure.fraction'", "above 0");
    assertThat(warnings.get(5)).contains("'fifo'", "'policy'", "slab, lru, caffeine, hot");
    assertThat(warnings.get(6)).contains("'a b'", "'trace'", "invalid cache name");
    assertThat(warnings.get(7)).contains("'0'", "'trace.depth'", "1 to 32", "using '1'");
    assertThat(warnings.get(8)).contains("'yes'", "'insecure'", "true or false");
    assertThat(warnings.get(9)).contains("'novalue'", "key=value");
    assertThat(warnings.get(10)).contains("'jmx.address'", "host name");
    assertThat(warnings.get(11)).contains("'jmx.password.file'", "file path");
    assertThat(config.get(Option.JMX)).isEqualTo(Option.Exposure.LOCAL);
    assertThat(config.get(Option.JMX_PORT)).isZero();
    assertThat(config.get(Option.POLICY)).isNull();
    assertThat(config.get(Option.TRACE_DEPTH)).isEqualTo(1);
    assertThat(config.toString()).isEmpty();
  }

  @Test
  void theLastOfARepeatedKeyWinsWithAWarning() {
    AgentConfig config = parse("policy=lru,policy=caffeine,policy=bad");
    assertThat(config.get(Option.POLICY)).isEqualTo("caffeine");
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("'policy' given twice", "'caffeine'");
    assertThat(warnings.get(1)).contains("'bad'", "using 'caffeine'");
    assertThat(config.toString()).isEqualTo("policy=caffeine");
  }
}
