package dev.slabpool.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.slabpool.agent.SlabpoolAgent;
import dev.slabpool.agent.cli.CliException.Exit;
import dev.slabpool.jmx.client.SlabpoolClient;
import java.io.Closeable;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JVM the command line talks to: attached through the Attach API, with the slabpool agent
 * loaded into it when its MBeans are not there yet, and reached through its local JMX connector
 * (the one JConsole uses, bound to loopback).
 */
final class Target implements Closeable {

  /** The arguments the command line loads the agent with: the MBeans are what it needs. */
  static final String AGENT_ARGUMENTS = "jmx=local";
  /** The agent property that holds the address of a running local JMX connector. */
  private static final String LOCAL_CONNECTOR =
      "com.sun.management.jmxremote.localConnectorAddress";

  private final long pid;
  private final JMXConnector connector;
  private final SlabpoolClient client;

  private Target(long pid, JMXConnector connector) throws IOException {
    this.pid = pid;
    this.connector = connector;
    this.client = new SlabpoolClient(connector.getMBeanServerConnection());
  }

  /**
   * Attaches to a JVM and makes sure the slabpool MBeans are there.
   *
   * @throws CliException UNREACHABLE when there is no such JVM, it cannot be attached to, or the
   *     agent cannot be loaded
   */
  static Target attach(long pid) throws CliException {
    if (ProcessHandle.of(pid).isEmpty()) {
      throw new CliException(Exit.UNREACHABLE, "cannot attach to a JVM with pid " + pid
          + ": no such process");
    }
    // Only JVMs the Attach API lists are tried: attaching to anything else waits for a timeout.
    String id = Long.toString(pid);
    if (Jvm.local().stream().noneMatch(j -> j.pid() == pid)) {
      throw new CliException(Exit.UNREACHABLE, "cannot attach to a JVM with pid " + pid
          + ": not a JVM that this user can attach to (the ones jps lists; a JVM started with"
          + " -XX:-UsePerfData is not listed, and is not tried)");
    }
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(id);
    } catch (AttachNotSupportedException | IOException e) {
      throw new CliException(Exit.UNREACHABLE, "cannot attach to the JVM with pid " + pid + ": "
          + e.getMessage());
    }
    try {
      JMXConnector connector = JMXConnectorFactory.connect(
          new JMXServiceURL(vm.startLocalManagementAgent()));
      Target target = new Target(pid, connector);
      if (!target.client.hasPinTracer()) {
        vm.loadAgent(agentJar().toString(), AGENT_ARGUMENTS);
        if (!target.client.hasPinTracer()) {
          target.close();
          throw new CliException(Exit.UNREACHABLE, "the slabpool agent loaded into JVM " + pid
              + " but registered no MBeans: is slabpool-pool on its system class path? (the"
              + " JVM's standard error says what the agent found)");
        }
      }
      return target;
    } catch (IOException | AgentLoadException | AgentInitializationException e) {
      throw new CliException(Exit.UNREACHABLE, "cannot reach the slabpool MBeans of JVM " + pid
          + ": " + e);
    } finally {
      try {
        vm.detach();
      } catch (IOException e) {
        // the JMX connection, if any, does not depend on the attach channel
      }
    }
  }

  /**
   * The number of slabpool caches of a JVM, for {@code list} with no target. It never loads the
   * agent, and starts the JVM's local JMX connector only when the slabpool agent runs in it;
   * a JVM whose connector already runs is asked through it.
   *
   * @throws CliException UNREACHABLE, with the reason, for a JVM that shows no sign of slabpool
   *     or cannot be reached
   */
  static int countCaches(Jvm jvm) throws CliException {
    String address;
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(Long.toString(jvm.pid()));
    } catch (AttachNotSupportedException | IOException e) {
      throw new CliException(Exit.UNREACHABLE, "cannot attach: " + e.getMessage());
    }
    try {
      address = vm.getAgentProperties().getProperty(LOCAL_CONNECTOR);
      if (address == null) {
        if (vm.getSystemProperties().getProperty(SlabpoolAgent.PROPERTY) == null) {
          throw new CliException(Exit.UNREACHABLE, "no slabpool agent and no JMX connector");
        }
        address = vm.startLocalManagementAgent();
      }
    } catch (IOException e) {
      throw new CliException(Exit.UNREACHABLE, "cannot attach: " + e);
    } finally {
      try {
        vm.detach();
      } catch (IOException e) {
        // gone meanwhile: the connection below says so
      }
    }
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      SlabpoolClient client = new SlabpoolClient(connector.getMBeanServerConnection());
      if (!client.present()) {
        throw new CliException(Exit.UNREACHABLE, "no slabpool MBeans");
      }
      return client.caches().size();
    } catch (IOException e) {
      throw new CliException(Exit.UNREACHABLE, "cannot reach its JMX connector: " + e);
    }
  }

  /** The jar this command line runs from: it is also the agent. */
  private static Path agentJar() throws CliException {
    try {
      Path jar = Path.of(Target.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(jar)) {
        return jar;
      }
    } catch (URISyntaxException | RuntimeException e) {
      // reported below
    }
    throw new CliException(Exit.UNREACHABLE, "cannot load the agent: run the command line with"
        + " java -jar slabpool-agent.jar");
  }

  long pid() {
    return pid;
  }

  /** The slabpool MBeans of the JVM. */
  SlabpoolClient client() {
    return client;
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
