package dev.slabpool.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.sun.tools.attach.VirtualMachine;
import dev.slabpool.SlabCache;
import dev.slabpool.agent.app.PoolApp;
import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.Host;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes of the integration tests: the test application ({@link PoolApp}) in a child JVM
 * with the pool on its class path and nothing of the agent, the agent jar as built by this
 * module's {@code package} phase, and the command line run from that jar.
 */
final class Processes {
  /** The line the agent prints (with {@code verbose=true}) once it has exposed the caches. */
  static final String INSTALLED = "slabpool-agent: installed";

  private Processes() {}

  /** The shaded agent jar. */
  static Path agentJar() {
    Path jar = Path.of(System.getProperty("slabpool.agent.jar", "target/slabpool-agent.jar"));
    assertThat(jar).as("the agent jar, built by the package phase").isRegularFile();
    return jar;
  }

  /** {@code -javaagent:<jar>=<arguments>}. */
  static String javaagent(String arguments) {
    return "-javaagent:" + agentJar() + (arguments.isEmpty() ? "" : "=" + arguments);
  }

  /**
   * The application's class path: the pool, the test programs, the testkit (their {@link Host}
   * protocol) and, when asked for, Caffeine (optional for the pool: only the caffeine policy
   * needs it).
   */
  static String appClassPath(boolean withCaffeine) {
    List<String> entries = new ArrayList<>();
    for (Class<?> c : withCaffeine
        ? List.of(SlabCache.class, Caffeine.class, PoolApp.class, Host.class)
        : List.of(SlabCache.class, PoolApp.class, Host.class)) {
      entries.add(location(c).toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Starts the test application, with Caffeine on its class path, and waits for its READY line. */
  static ChildJvm startApp(String name, List<String> jvmArgs, String... args) {
    return startApp(name, true, jvmArgs, args);
  }

  /** Starts the test application and waits for its READY line. */
  static ChildJvm startApp(String name, boolean withCaffeine, List<String> jvmArgs,
      String... args) {
    ChildJvm app = ChildJvm.java(PoolApp.class.getName()).classPath(appClassPath(withCaffeine))
        .jvmArgs(jvmArgs.toArray(String[]::new)).args(args).name(name).start();
    app.awaitReady(ChildJvm.patience());
    return app;
  }

  /** What a run of the command line did. */
  record Cli(int exit, String output) {}

  /** Runs {@code java -jar slabpool-agent.jar <arguments>} to its end. */
  static Cli cli(Object... arguments) {
    List<String> command = new ArrayList<>(List.of(ChildJvm.javaExecutable().toString(), "-jar",
        agentJar().toString()));
    for (Object a : arguments) {
      command.add(a.toString());
    }
    try (ChildJvm cli = ChildJvm.command(command.toArray(String[]::new)).name("cli").start()) {
      int exit = cli.awaitExit(ChildJvm.patience());
      return new Cli(exit, String.join("\n", cli.output()));
    }
  }

  /** Loads the agent into a running JVM through the Attach API, as any tool would. */
  static void loadAgent(long pid, String arguments) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    try {
      vm.loadAgent(agentJar().toString(), arguments);
    } finally {
      vm.detach();
    }
  }

  static Path location(Class<?> c) {
    try {
      Path path = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      assertThat(Files.exists(path)).as("location of %s", c).isTrue();
      return path;
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
