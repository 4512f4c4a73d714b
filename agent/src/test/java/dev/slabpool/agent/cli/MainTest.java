package dev.slabpool.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.agent.Option;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's answers that need no JVM to attach to (it checks before attaching). */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsCommandsExitCodesAndEveryAgentArgument() {
    assertThat(run("--help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(help).contains("slabtop", "reclaim <cache> <pages>", "trace on|off",
        "Exit codes: 0 done", "5 the target matches no JVM", "--json", "--version",
        "q quits");
    for (Option<?> o : Option.ALL) {
      assertThat(help).contains("  " + o.key() + " ");
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void versionIsTheProjectVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("slabpool " + System.getProperty("slabpool.version") + System.lineSeparator());
    assertThat(System.getProperty("slabpool.version")).as("set by the build").isNotBlank();
  }

  @Test
  void aTargetThatMatchesNoJvmExitsWithFiveNamingItAndTheJvmsSeen() {
    assertThat(run("no\\.such\\.Main[0-9]+", "list")).isEqualTo(5);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no JVM matches 'no\\.such\\.Main[0-9]+'", "JVMs seen: ")
        .doesNotContain("--help");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                                   | expected a target (a pid",
      "123                                  | expected a target (a pid",
      "--frob 123 list                      | unknown option '--frob'",
      "--json 123 policy sessions           | --json is for list, slabtop, reclaim, trace",
      "list extra                           | unknown command 'extra'",
      "Pool[App list                        | 'Pool[App' is not a pid, and not a valid regular",
      "123 frob                             | unknown command 'frob'",
      "123 list extra                       | list takes no arguments",
      "123 reclaim buffers                  | usage: reclaim <cache> <pages>",
      "123 reclaim buffers many             | pages must be a whole number",
      "123 reclaim buffers -1               | pages must be a whole number",
      "123 slabtop --sort weight            | unknown sort key 'weight'",
      "123 slabtop --delay 0                | delay must be above 0",
      "123 slabtop --iterations             | --iterations needs a value",
      "123 slabtop --fast                   | unknown slabtop option '--fast'",
      "123 policy                           | usage: policy <cache>",
      "123 trace                            | usage: trace on|off",
      "123 trace start sessions             | unknown trace action 'start'",
      "123 trace show sessions 0            | limit must be from 1 to 10000",
      "0 list                               | '0' is not a process id",
      "-5 list                              | '-5' is not a process id"})
  void badCommandLinesExitWithTwoAndSayWhy(String line, String message) {
    String[] args = line.isEmpty() ? new String[0] : line.trim().split(" +");
    assertThat(run(args)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(message).contains("--help");
  }
}
