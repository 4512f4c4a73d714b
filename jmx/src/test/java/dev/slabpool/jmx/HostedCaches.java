package dev.slabpool.jmx;

import dev.slabpool.testkit.ChildJvm;
import dev.slabpool.testkit.LocalJmx;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;

/**
 * A {@link CacheHost} child JVM, started without Micrometer on its class path (the module must
 * work without it), and a real JMX connection to it through its local connector on loopback.
 */
final class HostedCaches implements AutoCloseable {
  final ChildJvm child;
  final JMXConnector connector;
  final MBeanServerConnection server;

  private HostedCaches(ChildJvm child, JMXConnector connector) throws IOException {
    this.child = child;
    this.connector = connector;
    this.server = connector.getMBeanServerConnection();
  }

  /** Starts the child and connects to it by pid, as JConsole does. */
  static HostedCaches start(String name) throws IOException {
    String classPath = Arrays.stream(System.getProperty("java.class.path")
            .split(File.pathSeparator))
        .filter(entry -> !entry.contains("micrometer"))
        .collect(Collectors.joining(File.pathSeparator));
    ChildJvm child = ChildJvm.java(CacheHost.class.getName()).classPath(classPath).name(name)
        .jvmArgs("-Xmx128m").start();
    try {
      child.await("micrometer on class path: false", ChildJvm.patience());
      child.awaitReady(ChildJvm.patience());
      return new HostedCaches(child, LocalJmx.connect(child.pid()));
    } catch (IOException | RuntimeException | Error e) {
      child.close();
      throw e;
    }
  }

  /** Sends a command to the child and waits for its answer, the line starting with answer. */
  void command(String command, String answer) {
    child.ask(command, answer, ChildJvm.patience());
  }

  /** Builds a reclaimable cache of 16 objects per slab, full, one object pinned per slab. */
  void slabCache(String name, int slabs, int pinnedSlabs) {
    command("slab " + name + " " + slabs + " " + pinnedSlabs, "BUILT " + name);
  }

  @Override
  public void close() throws IOException {
    try {
      connector.close();
    } finally {
      child.close();
    }
  }
}
