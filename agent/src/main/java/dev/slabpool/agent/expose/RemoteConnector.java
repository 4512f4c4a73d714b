package dev.slabpool.agent.expose;

import dev.slabpool.agent.AgentConfig;
import dev.slabpool.agent.AgentLog;
import dev.slabpool.agent.Option;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The remote JMX connector of {@code jmx=remote}: the JDK's own management agent, started from
 * inside the JVM exactly as {@code jcmd <pid> ManagementAgent.start} starts it (through the
 * {@code DiagnosticCommand} MBean), so that binding to one address, password and access files and
 * their permission checks are the JDK's, not a copy of them.
 *
 * <p>Security rules: the connector binds to loopback unless {@code jmx.address} is given; it
 * requires both a password file and an access file unless {@code insecure=true} is given. The
 * connection is not encrypted (no SSL): beyond loopback, tunnel it (SSH) or start the JDK's agent
 * yourself with {@code com.sun.management.jmxremote.ssl}.
 */
final class RemoteConnector {
  private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

  private RemoteConnector() {}

  /**
   * Starts the connector if the configuration allows it; warns and does nothing otherwise.
   *
   * @return the connector's service URL, when started
   */
  static Optional<String> start(AgentConfig config) {
    Path password = config.get(Option.JMX_PASSWORD_FILE);
    Path access = config.get(Option.JMX_ACCESS_FILE);
    boolean insecure = config.get(Option.INSECURE);
    String host = config.get(Option.JMX_ADDRESS);
    int port = config.get(Option.JMX_PORT);
    boolean authenticate = password != null || access != null;
    if (authenticate && (password == null || access == null)) {
      refuse("it needs both " + Option.JMX_PASSWORD_FILE + " and " + Option.JMX_ACCESS_FILE
          + " (only " + (password != null ? Option.JMX_PASSWORD_FILE : Option.JMX_ACCESS_FILE)
          + " was given)");
      return Optional.empty();
    }
    if (!authenticate && !insecure) {
      refuse("it would accept anybody: give " + Option.JMX_PASSWORD_FILE + " and "
          + Option.JMX_ACCESS_FILE + ", or insecure=true to allow a connector without"
          + " authentication");
      return Optional.empty();
    }
    for (Path file : authenticate ? List.of(password, access) : List.<Path>of()) {
      if (!Files.isReadable(file)) {
        refuse("cannot read " + file.toAbsolutePath());
        return Optional.empty();
      }
    }
    boolean loopback;
    try {
      loopback = InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      refuse("unknown host '" + host + "' in " + Option.JMX_ADDRESS);
      return Optional.empty();
    }
    List<String> args = new ArrayList<>();
    args.add("jmxremote.host=" + host);
    args.add("jmxremote.port=" + port);
    if (port != 0) {
      args.add("jmxremote.rmi.port=" + port); // one port to open in a firewall
    }
    args.add("jmxremote.ssl=false");
    args.add("jmxremote.authenticate=" + authenticate);
    if (authenticate) {
      args.add("jmxremote.password.file=" + password.toAbsolutePath());
      args.add("jmxremote.access.file=" + access.toAbsolutePath());
    }
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    String url;
    try {
      ObjectName dcmd = new ObjectName(DIAGNOSTIC_COMMAND);
      server.invoke(dcmd, "managementAgentStart", new Object[] {args.toArray(String[]::new)},
          new String[] {String[].class.getName()});
      url = connectorUrl((String) server.invoke(dcmd, "managementAgentStatus", new Object[0],
          new String[0]));
    } catch (JMException | RuntimeException e) {
      refuse("the JDK's management agent did not start: " + AgentLog.describe(e));
      return Optional.empty();
    }
    AgentLog.info("remote JMX connector at " + url + " (bound to " + host + ", "
        + (authenticate ? "password and access files required" : "NO AUTHENTICATION") + ")");
    if (!authenticate) {
      AgentLog.warn("the remote JMX connector accepts anybody who can reach " + host
          + " (insecure=true)");
    }
    if (!loopback) {
      AgentLog.warn("the remote JMX connector on " + host + " is not encrypted; tunnel it or"
          + " restrict the network");
    }
    return Optional.of(url);
  }

  /** The connector's URL, from the status text of {@code ManagementAgent.status}. */
  static String connectorUrl(String status) {
    for (String line : status.split("\\R")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("URL") && trimmed.contains("service:jmx:")) {
        return trimmed.substring(trimmed.indexOf("service:jmx:"));
      }
    }
    throw new IllegalStateException("no connector URL in the management agent status: " + status);
  }

  private static void refuse(String why) {
    AgentLog.warn("no remote JMX connector: " + why + "; the MBeans stay available locally");
  }
}
