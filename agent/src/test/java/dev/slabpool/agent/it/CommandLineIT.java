package dev.slabpool.agent.it;

import static dev.slabpool.agent.it.Processes.INSTALLED;
import static dev.slabpool.agent.it.Processes.cli;
import static dev.slabpool.agent.it.Processes.javaagent;
import static dev.slabpool.agent.it.Processes.startApp;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slabpool.agent.app.PoolApp;
import dev.slabpool.agent.it.Processes.Cli;
import dev.slabpool.jmx.client.SlabpoolClient;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.util.ArrayList;
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
        "SLABS", "PARTIAL", "OBJ/SLAB", "BYTES", "REQ", "PINNED", "RSLABS/S", "ROBJS/S", "POLICY",
        "NAME");
    // sorted by objects: sessions (256) before buffers (64); no rates on the first table
    assertThat(lines.get(header + 1))
        .matches(" +256 +256 +100% +64 +16 +0 +16 +16K +- +0 +- +- hot +sessions");
    assertThat(lines.get(header + 2))
        .matches(" +64 +64 +100% +256 +8 +0 +8 +16K +- +0 +- +- slab +buffers");
    // the slabtop(1) letter for objects per slab: sessions (16) before buffers (8)
    Cli byLetter = run("slabtop", "--once", "--sort", "b");
    assertThat(byLetter.output().indexOf(" sessions"))
        .isLessThan(byLetter.output().indexOf(" buffers"));

    Cli byName = run("slabtop", "-o", "--sort", "name");
    assertThat(byName.output().indexOf(" buffers")).isLessThan(byName.output().indexOf(" sessions"));

    Cli refreshed = run("slabtop", "--iterations", "3", "--delay", "0.05");
    assertThat(refreshed.exit()).isZero();
    assertThat(refreshed.output().lines().filter(l -> l.startsWith("--- "))).hasSize(3);
    assertThat(refreshed.output().lines().filter(l -> l.endsWith(" sessions"))).hasSize(3);
    // from the second table on, a rate: nothing was reclaimed meanwhile
    assertThat(refreshed.output().lines().filter(l -> l.endsWith(" sessions")).skip(1))
        .allMatch(l -> l.matches(".* +0\\.0 +0\\.0 +hot +sessions"));
  }

  @Test
  @Order(1)
  void listAloneFindsTheApplicationByPidAndMainClass() {
    Cli all = cli("list");
    assertThat(all.exit()).as(all.output()).isZero();
    assertThat(all.output().lines()).contains("     PID  CACHES  MAIN")
        .anyMatch(l -> l.matches(" *" + app.pid() + " +2  " + PoolApp.class.getName()));

    // the test JVM itself has no slabpool agent: skipped, and --verbose says so
    Cli verbose = cli("--verbose", "list");
    assertThat(verbose.exit()).isZero();
    assertThat(verbose.output()).contains("skipped JVM " + ProcessHandle.current().pid() + " ");

    Cli json = cli("list", "--json");
    assertThat(json.exit()).isZero();
    JsonObject survey = jsonLines(json).get(0);
    JsonObject mine = null;
    for (JsonElement e : survey.getAsJsonArray("jvms")) {
      if (e.getAsJsonObject().get("pid").getAsLong() == app.pid()) {
        mine = e.getAsJsonObject();
      }
    }
    assertThat(mine).as(json.output()).isNotNull();
    assertThat(mine.get("main").getAsString()).isEqualTo(PoolApp.class.getName());
    assertThat(mine.get("caches").getAsInt()).isEqualTo(2);
    assertThat(survey.getAsJsonArray("skipped")).isNotEmpty();
  }

  @Test
  @Order(1)
  void aMainClassExpressionNamesTheApplicationAndTwoMatchesAreRefused() {
    Cli byRegex = cli("agent\\.app\\.Pool.pp$", "list");
    assertThat(byRegex.exit()).as(byRegex.output()).isZero();
    assertThat(byRegex.output().lines()).anyMatch(l -> l.startsWith("sessions "));

    try (ChildJvm second = startApp("cli-second", List.of())) {
      Cli twice = cli("PoolApp", "list");
      assertThat(twice.exit()).isEqualTo(5);
      assertThat(twice.output()).contains("'PoolApp' matches 2 JVMs: ",
          app.pid() + " " + PoolApp.class.getName(),
          second.pid() + " " + PoolApp.class.getName(), "give one's pid");
    }

    Cli none = cli("NoSuch.*Application", "list");
    assertThat(none.exit()).isEqualTo(5);
    assertThat(none.output()).contains("no JVM matches 'NoSuch.*Application'",
        app.pid() + " " + PoolApp.class.getName());
    Cli badRegex = cli("Pool(App", "list");
    assertThat(badRegex.exit()).isEqualTo(2);
    assertThat(badRegex.output()).contains("'Pool(App' is not a pid, and not a valid regular"
        + " expression");
  }

  @Test
  @Order(1)
  void jsonOfListAndSlabtopParses() {
    JsonObject list = jsonLines(run("--json", "list")).get(0);
    assertThat(list.get("pid").getAsLong()).isEqualTo(app.pid());
    List<String> names = new ArrayList<>();
    list.getAsJsonArray("caches").forEach(c -> names.add(c.getAsJsonObject().get("name")
        .getAsString()));
    assertThat(names).containsExactly("buffers", "sessions");
    JsonObject buffers = list.getAsJsonArray("caches").get(0).getAsJsonObject();
    assertThat(buffers.get("slabs").getAsLong()).isEqualTo(8);
    assertThat(buffers.get("kind").getAsString()).isEqualTo("slab");

    List<JsonObject> tables = jsonLines(run("slabtop", "--json", "-n", "2", "-d", "0.05"));
    assertThat(tables).hasSize(2);
    for (JsonObject t : tables) {
      assertThat(t.get("sort").getAsString()).isEqualTo("objects");
      assertThat(t.getAsJsonObject("totals").get("objects").getAsLong()).isEqualTo(320);
      assertThat(t.getAsJsonArray("caches").get(0).getAsJsonObject().get("name").getAsString())
          .isEqualTo("sessions");
    }
    assertThat(tables.get(0).getAsJsonArray("caches").get(0).getAsJsonObject()
        .get("reclaimedSlabsPerSecond").isJsonNull()).isTrue();
    assertThat(tables.get(1).getAsJsonArray("caches").get(0).getAsJsonObject()
        .get("reclaimedSlabsPerSecond").getAsDouble()).isZero();
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

    JsonObject reclaimed = jsonLines(run("--json", "reclaim", "buffers", "2")).get(0);
    assertThat(reclaimed.get("cache").getAsString()).isEqualTo("buffers");
    assertThat(reclaimed.get("slabsRequested").getAsLong()).isEqualTo(2);
    assertThat(reclaimed.get("slabsFreed").getAsLong()).isEqualTo(2);
    assertThat(reclaimed.get("objectsFreed").getAsLong()).isEqualTo(16);
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
    assertThat(help.output()).startsWith("Usage: java -jar slabpool-agent.jar [--json]"
        + " [--verbose] <target> <command>");
    Cli version = cli("--version");
    assertThat(version.exit()).isZero();
    assertThat(version.output()).isEqualTo("slabpool " + System.getProperty("slabpool.version"));
    Cli unknownOption = cli("--colour", app.pid(), "list");
    assertThat(unknownOption.exit()).isEqualTo(2);
    assertThat(unknownOption.output()).contains("unknown option '--colour'");
  }

  @Test
  @Order(4)
  void jsonOfTracing() {
    JsonObject on = jsonLines(run("--json", "trace", "on", "sessions")).get(0);
    assertThat(on.get("action").getAsString()).isEqualTo("on");
    assertThat(on.getAsJsonArray("traced").get(0).getAsString()).isEqualTo("sessions");
    app.ask("hold 3", "HELD", ChildJvm.patience());
    JsonObject show = jsonLines(run("--json", "trace", "show", "sessions")).get(0);
    JsonObject site = show.getAsJsonArray("callSites").get(0).getAsJsonObject();
    assertThat(site.get("callSite").getAsString()).contains("PoolApp.holdLeases");
    assertThat(site.get("references").getAsLong()).isEqualTo(3);
    assertThat(show.getAsJsonArray("oldestHolders")).hasSize(3);
    assertThat(show.getAsJsonArray("oldestHolders").get(0).getAsJsonObject().get("thread")
        .getAsString()).isEqualTo("main");
    app.ask("release", "RELEASED", ChildJvm.patience());
    JsonObject off = jsonLines(run("--json", "trace", "off", "sessions")).get(0);
    assertThat(off.getAsJsonArray("traced")).isEmpty();
  }

  /** The JSON lines of a run, each parsed; the run must have succeeded. */
  private static List<JsonObject> jsonLines(Cli run) {
    assertThat(run.exit()).as(run.output()).isZero();
    List<JsonObject> objects = new ArrayList<>();
    run.output().lines().filter(l -> l.startsWith("{"))
        .forEach(l -> objects.add(JsonParser.parseString(l).getAsJsonObject()));
    assertThat(objects).as(run.output()).isNotEmpty();
    return objects;
  }
}
