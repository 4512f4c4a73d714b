package dev.slabpool.examples.demo;

import dev.slabpool.examples.cli.Flags;
import dev.slabpool.examples.cli.Sizes;
import dev.slabpool.examples.cli.UsageException;
import dev.slabpool.examples.metadata.MetadataService;
import dev.slabpool.jmx.client.Reclaimed;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.management.JMException;

/**
 * The README's demo ({@code ./demo}): starts the metadata cache service with the slabpool agent
 * ({@code -javaagent:}) as its own process, warms it by looking up every path of its tree, then,
 * as an operator would, connects to it through JMX, prints its density and memory, reclaims half
 * of its slabs, prints them again, and says how to watch it with JConsole (and its heat map
 * plugin) and {@code slabtop}.
 * It keeps serving until Ctrl-C.
 */
public final class Demo {

  static final String USAGE = """
      Usage: ./demo [--no-build] [options]
             java -jar examples/target/slabpool-examples.jar [options]

      Runs the metadata cache service with the slabpool agent, warms it, reclaims half of its
      slabs through JMX and shows what changed; then serves until Ctrl-C.

        --agent JAR             the agent jar (default agent/target/slabpool-agent.jar)
        --tree DIR              the tree to serve (default: this JDK, java.home)
        --port N                the service's port on 127.0.0.1 (default 0: a free port)
        --exit-after-reclaim    stop the service and exit after the reclaim (non-interactive)
      """;

  /** The default of {@code --agent}; {@code ./demo} sets it to the jar the build made. */
  static final String AGENT_PROPERTY = "slabpool.demo.agent";
  /** Where {@code ./demo} found the JConsole heat map plugin, if it did. */
  static final String HEATMAP_PROPERTY = "slabpool.demo.heatmap";
  private static final String CACHE = "metadata";
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int CLIENTS = 8;

  private final PrintStream out;

  private Demo(PrintStream out) {
    this.out = out;
  }

  /** Runs the demo; exits with 0, or 1 when it fails, 2 on a usage error. */
  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    int code;
    try {
      code = new Demo(System.out).run(Flags.parse(args, Set.of("exit-after-reclaim")));
    } catch (UsageException e) {
      System.err.println("demo: " + e.getMessage());
      System.err.println("Try '--help'.");
      code = 2;
    } catch (IOException | JMException | RuntimeException e) {
      System.err.println("demo: " + e.getMessage());
      code = 1;
    }
    System.exit(code);
  }

  private int run(Flags flags) throws IOException, JMException, InterruptedException {
    Path agent = Path.of(flags.string("agent",
        System.getProperty(AGENT_PROPERTY, "agent/target/slabpool-agent.jar")));
    Path tree = flags.directory("tree", Path.of(System.getProperty("java.home"))).toRealPath();
    int port = flags.integer("port", 0, 0, 65535);
    boolean exitAfterReclaim = flags.isSet("exit-after-reclaim");
    flags.checkNoneLeft();
    if (!Files.isRegularFile(agent)) {
      throw new UsageException("no agent jar at " + agent + ": build it with ./demo, or mvn -B"
          + " -DskipTests package -pl examples -am");
    }

    ServiceProcess service = ServiceProcess.start(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-javaagent:" + agent, "-cp", System.getProperty("java.class.path"),
        MetadataService.class.getName(), "--tree", tree.toString(), "--port",
        Integer.toString(port), "--cache", CACHE), "  service | ");
    Thread stopper = new Thread(service::close, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    URI uri = URI.create(service.await(LISTENING, START_TIMEOUT));
    long pid = service.pid();

    out.println("slabpool demo: a dentry-style metadata cache without LRU list, reclaimed and"
        + " compacted by slab");
    out.println();
    out.printf("  service    %s   pid %d, -javaagent:%s%n", uri, pid, agent);
    out.printf("  tree       %s%n", tree);
    WarmUp.Result warm = WarmUp.run(uri, tree, CLIENTS);
    out.printf(Locale.ROOT, "  warm-up    %d paths looked up through the cache by %d clients in"
        + " %.1f s%s%n", warm.paths(), CLIENTS, warm.nanos() / 1e9, warm.failed() == 0 ? ""
        : " (" + warm.failed() + " refused, first: " + warm.firstFailure() + ")");

    try (CacheConnection jmx = CacheConnection.attach(pid)) {
      out.printf("  JMX        attached to pid %d, local connector; agent MBeans %s%n", pid,
          jmx.hasAgent() ? "present (PinTracer)" : "missing");
      out.println();
      CacheConnection.Figures before = jmx.figures(CACHE);
      out.printf("  %-24s %7s %15s %9s %12s%n", "cache '" + CACHE + "'", "slabs", "objects",
          "density", "bytes held");
      row("after warm-up", before);
      long pages = Math.max(1, before.totalSlabs() / 2);
      Reclaimed r = jmx.reclaim(CACHE, pages);
      CacheConnection.Figures after = jmx.figures(CACHE);
      out.printf(Locale.ROOT, "    %-22s %7d   %s policy: %d of %d slabs freed, %d objects"
              + " (%.1f per slab), %.2f ms%n", "reclaim(" + pages + ") over JMX",
          after.totalSlabs() - before.totalSlabs(), r.policy(), r.slabsFreed(), pages,
          r.objectsFreed(), r.slabsFreed() == 0 ? 0.0 : (double) r.objectsFreed() / r.slabsFreed(),
          r.nanos() / 1e6);
      row("after reclaim", after);

      // The files behind a third of the paths change: their entries leave the cache, and holes
      // open in every slab. compact() moves the rest together and gives the emptied slabs back.
      List<String> paths = WarmUp.paths(tree);
      List<String> changed = new ArrayList<>();
      for (int i = 0; i < paths.size(); i += 3) {
        changed.add(paths.get(i));
      }
      long removed = WarmUp.invalidate(uri, changed);
      CacheConnection.Figures thinned = jmx.figures(CACHE);
      out.printf("    %-22s %7s   %d of %d paths were cached%n", "invalidate 1 path in 3", "",
          removed, changed.size());
      row("after invalidation", thinned);
      long compacted = jmx.compact(CACHE);
      CacheConnection.Figures packed = jmx.figures(CACHE);
      out.printf("    %-22s %7d   %d slabs given back, %d entries kept, nothing evicted%n",
          "compact() over JMX", packed.totalSlabs() - thinned.totalSlabs(), compacted,
          packed.activeObjects());
      row("after compact", packed);
    }

    out.println();
    out.println("  Watch it while it runs:");
    hint("jconsole " + pid, "MBeans tab: dev.slabpool > SlabCache > " + CACHE
        + " (attributes, the reclaim button)");
    String heatmap = System.getProperty(HEATMAP_PROPERTY, "");
    if (!heatmap.isEmpty() && Files.isRegularFile(Path.of(heatmap))) {
      hint("jconsole -pluginpath " + heatmap + " " + pid,
          "the same, and a Slabs tab: every slab a cell, coloured by density");
    }
    hint("java -jar " + agent + " " + pid + " slabtop", "the caches, refreshed like slabtop(1)");
    hint("curl '" + uri + "meta?path=lib'", "also /list?path=lib and /stats");
    out.println();
    service.echoTo(out);
    if (exitAfterReclaim) {
      service.close();
      out.println("  stopped.");
      return 0;
    }
    out.println("  Serving until Ctrl-C.");
    int code = service.waitFor();
    // Here either Ctrl-C reached the service too (our hook is running) or it died by itself.
    if (!isShuttingDown(stopper)) {
      out.println("  the service exited with code " + code);
      return 1;
    }
    return 0;
  }

  private void hint(String command, String what) {
    out.printf("    %s%n        %s%n", command, what);
  }

  private void row(String label, CacheConnection.Figures f) {
    out.printf(Locale.ROOT, "    %-22s %7d %15s %8.1f%% %12s%n", label, f.totalSlabs(),
        f.activeObjects() + " / " + f.totalObjects(), f.density() * 100,
        Sizes.format(f.bytesHeld()));
  }

  /** Whether the JVM is shutting down: a hook can then no longer be removed. */
  private static boolean isShuttingDown(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      Runtime.getRuntime().addShutdownHook(hook);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
