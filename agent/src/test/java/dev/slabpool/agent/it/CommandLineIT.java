package dev.slabpool.agent.it;

import static dev.slabpool.agent.it.Processes.INSTALLED;
import static dev.slabpool.agent.it.Processes.cli;
import static dev.slabpool.agent.it.Processes.javaagent;
import static dev.slabpool.agent.it.Processes.startApp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.agent.it.Processes.Cli;
import dev.slabpool.jmx.client.SlabpoolClient;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.util.List;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operators' command line against a JVM running the agent: output and exit codes. The tests
 * share one application, in this order: the first reads the caches as built, the second changes
 * them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineIT {
  private static ChildJvm app;

  @BeforeAll
  static void start() {
    app = startApp("cli", List.of(javaagent("verbose=true")));
    app.await(INSTALLED, ChildJvm.patience());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** The entries the application's keyed cache holds, read over JMX. */
  private static long sessionsActiveObjects() throws Exception {
    try (JMXConnector jmx = LocalJmx.connect(app.pid())) {
      return (Long) jmx.getMBeanServerConnection().getAttribute(
          SlabpoolClient.cacheObjectName("sessions"), "ActiveObjects");
    }
  }

  private static Cli run(Object... arguments) {
    Object[] withPid = new Object[arguments.length + 1];
    withPid[0] = app.pid();
    System.arraycopy(arguments, 0, withPid, 1, arguments.length);
    return cli(withPid);
  }

  @Test
  @Order(1)
  void listAndSlabtop() {
    Cli list = run("list");
    assertThat(list.exit()).as(list.output()).isZero();
    assertThat(list.output().lines()).contains(
        "NAME                     KIND   POLICY   RECLAIMABLE    SLABS      BYTES")
        .anyMatch(l -> l.matches("buffers +slab +slab +yes +8 +16K"))
        .anyMatch(l -> l.matches("sessions +keyed +hot +yes +16 +16K"));

    Cli once = run("slabtop", "--once");
    assertThat(once.exit()).as(once.output()).isZero();
    List<String> lines = once.output().lines().toList();
    assertThat(lines.get(0)).contains("Active / Total Objects (% used) : 320 / 320 (100.0%)");
    int header = lines.indexOf(lines.stream().filter(l -> l.contains("OBJS")).findFirst()
        .orElseThrow());
    assertThat(lines.get(header)).containsSubsequence("OBJS", "ACTIVE", "USE", "OBJ SIZE",
        "SLABS", "PARTIAL", "OBJ/SLAB", "BYTES", "PINNED", "POLICY", "NAME");
    // sorted by objects: sessions (256) before buffers (64)
    assertThat(lines.get(header + 1)).matches(" +256 +256 +100% +64 +16 +0 +16 +16K +0 hot +sessions");
    assertThat(lines.get(header + 2)).matches(" +64 +64 +100% +256 +8 +0 +8 +16K +0 slab +buffers");

    Cli byName = run("slabtop", "-o", "--sort", "name");
    assertThat(byName.output().indexOf(" buffers")).isLessThan(byName.output().indexOf(" sessions"));

    Cli refreshed = run("slabtop", "--iterations", "3", "--delay", "0.05");
    assertThat(refreshed.exit()).isZero();
    assertThat(refreshed.output().lines().filter(l -> l.startsWith("--- "))).hasSize(3);
    assertThat(refreshed.output().lines().filter(l -> l.endsWith(" sessions"))).hasSize(3);
  }

  @Test
  @Order(2)
  void reclaimCompactAndPolicy() throws Exception {
    Cli reclaim = run("reclaim", "buffers", "3");
    assertThat(reclaim.exit()).as(reclaim.output()).isZero();
    assertThat(reclaim.output()).contains("cache 'buffers' (policy slab): reclaimed 3 of 3 slabs"
        + " requested, 24 objects freed");
    assertThat(run("list").output().lines()).anyMatch(l -> l.matches("buffers +slab +slab +yes"
        + " +5 .*"));

    Cli set = run("policy", "sessions", "caffeine");
    assertThat(set.exit()).as(set.output()).isZero();
    assertThat(set.output()).contains("cache 'sessions': policy caffeine (was hot)");
    assertThat(run("policy", "sessions").output()).contains("cache 'sessions': policy caffeine");
    Cli lru = run("reclaim", "sessions", "2");
    assertThat(lru.output()).contains("cache 'sessions' (policy caffeine): reclaimed 2 of 2");
    run("policy", "sessions", "slab");

    // Every 4th key removed leaves holes in every slab: compaction packs the entries.
    app.ask("thin 4", "THINNED", ChildJvm.patience());
    long keys = sessionsActiveObjects();
    Cli compact = run("compact", "sessions");
    assertThat(compact.exit()).as(compact.output()).isZero();
    assertThat(compact.output()).containsPattern("cache 'sessions': compacted, [1-9][0-9]* slabs"
        + " given back, nothing evicted; slabs 14 -> [0-9]+, density 0\\.[0-9]+ -> [01]\\.[0-9]+");
    assertThat(sessionsActiveObjects()).isEqualTo(keys);
    Cli plain = run("compact", "buffers");
    assertThat(plain.exit()).isEqualTo(1);
    assertThat(plain.output()).contains("'buffers' cannot move its objects");

    Cli unknownPolicy = run("policy", "sessions", "fifo");
    assertThat(unknownPolicy.exit()).isEqualTo(1);
    assertThat(unknownPolicy.output()).contains("the JVM refused: unknown reclaim policy 'fifo'");
    Cli notKeyed = run("policy", "buffers", "lru");
    assertThat(notKeyed.exit()).isEqualTo(1);
    assertThat(notKeyed.output()).contains("'buffers' is not keyed");
  }

  @Test
  @Order(3)
  void mistakesGetAClearMessageAndTheirExitCode() throws Exception {
    Cli unknownCache = run("reclaim", "nosuch", "1");
    assertThat(unknownCache.exit()).isEqualTo(4);
    assertThat(unknownCache.output()).contains("JVM " + app.pid() + " has no cache named"
        + " 'nosuch' (caches: buffers, sessions)");
    assertThat(run("trace", "on", "nosuch").exit()).isEqualTo(4);
    assertThat(run("policy", "a,b=c", "lru").exit()).isEqualTo(4);

    Cli unknownCommand = run("frob");
    assertThat(unknownCommand.exit()).isEqualTo(2);
    assertThat(unknownCommand.output()).contains("unknown command 'frob'");

    try (ChildJvm notJava = ChildJvm.command("sleep", "600").name("sleep").start()) {
      Cli notAJvm = cli(notJava.pid(), "list");
      assertThat(notAJvm.exit()).isEqualTo(3);
      assertThat(notAJvm.output()).contains("cannot attach to a JVM with pid " + notJava.pid()
          + ": not a JVM that this user can attach to");
    }
    ChildJvm gone = ChildJvm.command("true").name("true").start();
    gone.awaitExit(ChildJvm.patience());
    Cli noProcess = cli(gone.pid(), "list");
    assertThat(noProcess.exit()).isEqualTo(3);
    assertThat(noProcess.output()).contains("pid " + gone.pid() + ": no such process");

    Cli help = cli("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.output()).startsWith("Usage: java -jar slabpool-agent.jar <pid> <command>");
  }
}
