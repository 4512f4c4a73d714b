package dev.slabpool.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagsTest {

  @TempDir
  Path dir;

  @Test
  void readsValuesSwitchesAndDefaults() {
    Flags f = Flags.parse(new String[] {"--port", "8080", "--memory-cap=16m", "--no-trim",
        "--tree", dir.toString()}, Set.of("no-trim"));
    assertThat(f.integer("port", 0, 0, 65535)).isEqualTo(8080);
    assertThat(f.bytes("memory-cap", 1, 1)).isEqualTo(16L << 20);
    assertThat(f.isSet("no-trim")).isTrue();
    assertThat(f.directory("tree", null)).isEqualTo(dir);
    assertThat(f.integer("threads", 8, 1, 256)).isEqualTo(8);
    assertThat(f.cacheName("cache", "metadata")).isEqualTo("metadata");
    f.checkNoneLeft();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--port 70000        | option --port must be an integer from 0 to 65535: '70000'",
      "--port x            | option --port must be an integer from 0 to 65535: 'x'",
      "--memory-cap lots   | option --memory-cap: not a size: 'lots' (examples: 4096, 64k, 16m, 1g)",
      "--memory-cap 10     | option --memory-cap must be at least 4.0 KiB: '10'",
      "--tree /no/such/dir | option --tree: not a directory: '/no/such/dir'",
      "--cache a/b         | option --cache: invalid cache name 'a/b'",
      "--prot 80           | unknown option --prot (options: --cache, --memory-cap, --no-trim,"
          + " --port, --tree)",
      "--port              | option --port needs a value",
      "--bogus             | unknown option --bogus (options: --cache, --memory-cap, --no-trim,"
          + " --port, --tree)",
  })
  void badValuesAreRefusedByName(String args, String message) {
    Flags f = Flags.parse(args.split(" "), Set.of("no-trim"));
    assertThatThrownBy(() -> {
      f.integer("port", 0, 0, 65535);
      f.bytes("memory-cap", 8192, 4096);
      f.directory("tree", dir);
      f.cacheName("cache", "metadata");
      f.isSet("no-trim");
      f.checkNoneLeft();
    }).isInstanceOf(UsageException.class).hasMessageStartingWith(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "8080                | unexpected argument '8080': options start with --",
      "--port 1 --port 2   | option --port is given more than once",
      "--no-trim=yes       | option --no-trim takes no value: --no-trim=yes",
  })
  void malformedCommandLinesAreRefused(String args, String message) {
    assertThatThrownBy(() -> Flags.parse(args.split(" "), Set.of("no-trim")))
        .isInstanceOf(UsageException.class).hasMessage(message);
  }

  @Test
  void sizesParseAndFormat() {
    assertThat(Sizes.parse("4096")).isEqualTo(4096);
    assertThat(Sizes.parse("64k")).isEqualTo(64 << 10);
    assertThat(Sizes.parse("16MiB")).isEqualTo(16L << 20);
    assertThat(Sizes.parse("2 GB")).isEqualTo(2L << 30);
    assertThatThrownBy(() -> Sizes.parse("-1")).hasMessageContaining("not a size: '-1'");
    assertThatThrownBy(() -> Sizes.parse("99999999999t")).hasMessageContaining("not a size");
    assertThat(Sizes.format(512)).isEqualTo("512 B");
    assertThat(Sizes.format(64 << 10)).isEqualTo("64.0 KiB");
    assertThat(Sizes.format(3L << 29)).isEqualTo("1.5 GiB");
  }
}
