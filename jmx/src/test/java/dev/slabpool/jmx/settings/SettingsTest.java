package dev.slabpool.jmx.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.jmx.SlabpoolJmx;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Every spelling of a setting derives from its one name, and the names are unique. */
class SettingsTest {

  @Test
  void everySpellingDerivesFromTheName() {
    Setting<Long> interval = Settings.PRESSURE_MIN_INTERVAL_MILLIS;
    assertThat(interval.name()).isEqualTo("pressure.minIntervalMillis");
    assertThat(interval.systemProperty()).isEqualTo("slabpool.pressure.minIntervalMillis");
    assertThat(interval.environmentVariable()).isEqualTo("SLABPOOL_PRESSURE_MININTERVALMILLIS");
    assertThat(interval.attribute()).isEqualTo("PressureMinIntervalMillis");
    assertThat(interval.aliases()).containsExactly("pressure.interval.ms");
    assertThat(Settings.JMX_PASSWORD_FILE.environmentVariable())
        .isEqualTo("SLABPOOL_JMX_PASSWORD_FILE");
    assertThat(Settings.CONFIG.systemProperty()).isEqualTo("slabpool.config");
    assertThat(Settings.CONFIG.environmentVariable()).isEqualTo("SLABPOOL_CONFIG");
    assertThat(Settings.forName("pressure.interval.ms")).isSameAs(interval);
    assertThat(Settings.forEnvironmentVariable("SLABPOOL_PRESSURE_INTERVAL_MS"))
        .isSameAs(interval);
    assertThat(Settings.forName("bogus")).isNull();
  }

  @Test
  void namesAliasesAndTheirEnvironmentVariablesAreUnique() {
    Set<String> names = new HashSet<>();
    Set<String> variables = new HashSet<>();
    for (Setting<?> s : Settings.ALL) {
      for (String n : concat(s.name(), s.aliases())) {
        assertThat(names.add(n)).as("name %s once", n).isTrue();
        assertThat(variables.add(Setting.environmentOf(n))).as("variable of %s once", n).isTrue();
      }
      assertThat(s.description()).isNotBlank();
      assertThat(s.accepts()).isNotBlank();
      if (s.defaultValue() != null) {
        assertThat(s.parse(s.defaultText())).as("default of %s parses", s).isEqualTo(
            s.defaultValue());
      }
    }
  }

  @Test
  void theAllocatorHasAWritableAttributeOfEverySettingItHolds() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try (SlabpoolJmx jmx = SlabpoolJmx.install()) {
      ObjectName allocator = new ObjectName("dev.slabpool:type=SlabAllocator");
      assertThat(jmx).isNotNull();
      Set<String> writable = new HashSet<>();
      for (MBeanAttributeInfo a : server.getMBeanInfo(allocator).getAttributes()) {
        if (a.isWritable()) {
          writable.add(a.getName());
        }
      }
      List<String> held = Settings.ALL.stream()
          .filter(s -> allocator.toString().equals(s.mbean())).map(Setting::attribute).toList();
      assertThat(held).containsExactlyInAnyOrder("PressureThreshold", "PressureFraction",
          "PressureMinIntervalMillis");
      assertThat(writable).containsAll(held);
      for (Setting<?> s : Settings.ALL) {
        if (s.mbean() != null) {
          assertThat(new ObjectName(s.mbean()).getDomain()).isEqualTo(SlabpoolJmx.DOMAIN);
        }
      }
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new java.util.ArrayList<>(rest);
    all.add(0, first);
    return all;
  }
}
