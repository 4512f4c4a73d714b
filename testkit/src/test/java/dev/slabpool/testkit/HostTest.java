package dev.slabpool.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The host protocol, spoken by a real child JVM running {@link ProtocolHost}. */
class HostTest {
  private static final Duration PATIENCE = ChildJvm.patience();

  private static ChildJvm start(String name) {
    ChildJvm host = ChildJvm.java(ProtocolHost.class.getName()).name(name).start();
    try {
      assertThat(host.awaitReady(PATIENCE)).isEqualTo(host.pid());
      return host;
    } catch (RuntimeException | Error e) {
      host.close();
      throw e;
    }
  }

  @Test
  void answersEachCommandWithOneLineAndEndsCleanly() {
    try (ChildJvm host = start("host-commands")) {
      assertThat(host.ask("echo  a   b", "ECHO", PATIENCE)).isEqualTo("ECHO a b");
      assertThat(host.ask("count", "COUNT", PATIENCE)).isEqualTo("COUNT 1");
      // Only lines printed after the command count: not the COUNT 1 answered before.
      assertThat(host.ask("count", "COUNT", PATIENCE)).isEqualTo("COUNT 2");
      host.send("");
      assertThat(host.end(PATIENCE)).isZero();
      assertThat(host.output()).endsWith("COUNT 2", "END", "main returns")
          .filteredOn(l -> l.startsWith(Host.ERROR)).isEmpty();
    }
  }

  @Test
  void anUnknownCommandIsAnsweredWithAnErrorLine() {
    try (ChildJvm host = start("host-unknown")) {
      assertThat(host.ask("bogus 1 2", "ERROR bogus:", PATIENCE))
          .isEqualTo("ERROR bogus: unknown command; known: echo, count, fail, lines, end, exit");
      assertThat(host.ask("echo still here", "ECHO", PATIENCE)).isEqualTo("ECHO still here");
      assertThat(host.end(PATIENCE)).isZero();
    }
  }

  @Test
  void aThrowingHandlerIsAnsweredWithAnErrorLineAndTheHostKeepsServing() {
    try (ChildJvm host = start("host-throwing")) {
      assertThat(host.ask("count", "COUNT", PATIENCE)).isEqualTo("COUNT 1");
      assertThat(host.ask("fail no luck", "ERROR fail:", PATIENCE))
          .isEqualTo("ERROR fail: java.lang.IllegalStateException: no luck");
      assertThat(host.ask("lines", "ERROR lines:", PATIENCE))
          .isEqualTo("ERROR lines: the handler answered 'LINE one LINE two' instead of one line");
      assertThat(host.output()).noneMatch(l -> l.startsWith("LINE"));
      assertThat(host.ask("count", "COUNT", PATIENCE)).isEqualTo("COUNT 2");
      assertThat(host.end(PATIENCE)).isZero();
    }
  }

  @Test
  void askingForAnAnswerFailsAtOnceOnAnErrorAnswer() {
    try (ChildJvm host = start("host-ask-error")) {
      assertThatThrownBy(() -> host.ask("fail as planned", "FAILED", PATIENCE))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("answered 'fail as planned' with"
              + " 'ERROR fail: java.lang.IllegalStateException: as planned' instead of a line"
              + " starting with 'FAILED'");
      assertThat(host.isAlive()).isTrue();
      assertThat(host.end(PATIENCE)).isZero();
    }
  }

  @Test
  void exitEndsTheJvmAndSoDoesTheEndOfTheInput() throws IOException {
    try (ChildJvm host = start("host-exit")) {
      host.send("exit");
      assertThat(host.awaitExit(PATIENCE)).isZero();
      assertThat(host.output()).endsWith("EXIT");
    }
    try (ChildJvm host = start("host-eof")) {
      host.process().getOutputStream().close();
      assertThat(host.awaitExit(PATIENCE)).isZero();
      assertThat(host.output()).endsWith("END", "main returns");
    }
  }

  @Test
  void aCommandNameIsOneNewWordAndNotReserved() {
    Host host = new Host().command("echo", words -> "ECHO");
    for (String name : new String[] {"echo", "end", "exit", "", "two words"}) {
      assertThatThrownBy(() -> host.command(name, words -> "X"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + name + "'");
    }
  }
}
