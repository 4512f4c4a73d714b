package dev.slabpool.agent.expose;

import dev.slabpool.agent.AgentLog;
import dev.slabpool.jmx.settings.Configuration;
import dev.slabpool.jmx.settings.Settings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;

/**
 * The remote JMX connector of {@code jmx=remote}: an RMI connector server on the platform
 * MBeanServer, built with the public JMX Remote API the way the JDK's own management agent builds
 * it (the JDK offers no supported way to start that agent from inside the JVM).
 *
 * <p>Security rules: the registry and the RMI server listen on one port, on loopback unless
 * {@code jmx.address} is given; a password file and an access file (the JDK's
 * {@code jmxremote.password} and {@code jmxremote.access} formats) are required unless
 * {@code insecure=true} is given, and the password file must be readable by its owner only. Only
 * credentials of the standard types ({@code String[]}) are deserialised before authentication.
 * The connection is not encrypted: beyond loopback, tunnel it (SSH) or use the JDK's agent with
 * {@code com.sun.management.jmxremote.ssl}.
 */
final class RemoteConnector {
  private static final String HOSTNAME_PROPERTY = "java.rmi.server.hostname";

  private RemoteConnector() {}

  /**
   * Starts the connector if the configuration allows it; warns and does nothing otherwise.
   *
   * @return the connector's service URL, when started
   */
  static Optional<String> start(Configuration config) {
    try {
      Path password = config.get(Settings.JMX_PASSWORD_FILE);
      Path access = config.get(Settings.JMX_ACCESS_FILE);
      checkAuthentication(password, access, config.get(Settings.INSECURE));
      InetAddress address = address(config.get(Settings.JMX_ADDRESS));
      String url = listen(address, config.get(Settings.JMX_PORT), password, access);
      boolean authenticate = password != null;
      AgentLog.info("remote JMX connector at " + url + " (bound to " + address.getHostAddress()
          + ", " + (authenticate ? "password and access files required" : "NO AUTHENTICATION")
          + ")");
      if (!authenticate) {
        AgentLog.warn("the remote JMX connector accepts anybody who can reach "
            + address.getHostAddress() + " (insecure=true)");
      }
      if (!address.isLoopbackAddress()) {
        AgentLog.warn("the remote JMX connector on " + address.getHostAddress() + " is not"
            + " encrypted; tunnel it or restrict the network");
      }
      return Optional.of(url);
    } catch (Refused e) {
      AgentLog.warn("no remote JMX connector: " + e.getMessage()
          + "; the MBeans stay available locally");
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      AgentLog.warn("no remote JMX connector: could not listen; the MBeans stay available"
          + " locally", e);
      return Optional.empty();
    }
  }

  /** Why the configuration does not allow a connector. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private static void checkAuthentication(Path password, Path access, boolean insecure)
      throws Refused {
    if ((password == null) != (access == null)) {
      throw new Refused("it needs both " + Settings.JMX_PASSWORD_FILE + " and "
          + Settings.JMX_ACCESS_FILE + " (only "
          + (password != null ? Settings.JMX_PASSWORD_FILE : Settings.JMX_ACCESS_FILE)
          + " was given)");
    }
    if (password == null) {
      if (!insecure) {
        throw new Refused("it would accept anybody: give " + Settings.JMX_PASSWORD_FILE
            + " and "
            + Settings.JMX_ACCESS_FILE + ", or insecure=true to allow a connector without"
            + " authentication");
      }
      return;
    }
    for (Path file : List.of(password, access)) {
      if (!Files.isReadable(file)) {
        throw new Refused("cannot read " + file.toAbsolutePath());
      }
    }
    try {
      Set<PosixFilePermission> open = EnumSet.of(PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);
      open.retainAll(Files.getPosixFilePermissions(password));
      if (!open.isEmpty()) {
        throw new Refused("the password file " + password.toAbsolutePath() + " must be readable"
            + " and writable by its owner only (it allows " + open + "; chmod 600 it)");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: its own access control applies
    }
  }

  private static InetAddress address(String host) throws Refused {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new Refused("unknown host '" + host + "' in " + Settings.JMX_ADDRESS);
    }
  }

  /** Exports the connector on {@code address:port} (0: a free port) and returns its URL. */
  private static String listen(InetAddress address, int port, Path password, Path access)
      throws IOException {
    advertise(address);
    RMIServerSocketFactory sockets = new BoundSockets(address);
    Map<String, Object> env = new HashMap<>();
    env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
    // Exported as daemon (permanent) objects: the connector never keeps the JVM from exiting,
    // and is never collected while the JVM runs.
    env.put("jmx.remote.x.daemon", "true");
    env.put("jmx.remote.rmi.server.credential.types",
        new String[] {String[].class.getName(), String.class.getName()});
    if (password != null) {
      env.put("jmx.remote.x.password.file", password.toAbsolutePath().toString());
      env.put("jmx.remote.x.password.toHashes", "false"); // never rewrite the operator's file
      env.put("jmx.remote.x.access.file", access.toAbsolutePath().toString());
    }
    RMIJRMPServerImpl server = new RMIJRMPServerImpl(port, null, sockets, env);
    String host = address.getHostAddress().contains(":")
        ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    RMIConnectorServer connector = new RMIConnectorServer(new JMXServiceURL("rmi", host, port),
        env, server, ManagementFactory.getPlatformMBeanServer());
    connector.start();
    if (port == 0) {
      return connector.getAddress().toString(); // the stub itself is the address
    }
    // The registry shares the server's port: same port, equal socket factory.
    Registry registry = LocateRegistry.createRegistry(port, null, sockets);
    registry.rebind("jmxrmi", server.toStub());
    return "service:jmx:rmi:///jndi/rmi://" + host + ":" + port + "/jmxrmi";
  }

  /**
   * RMI stubs carry the host in {@value #HOSTNAME_PROPERTY}, or the local host's address: point
   * them at the address the connector listens on, unless the application chose a host already.
   */
  private static void advertise(InetAddress address) throws UnknownHostException {
    String chosen = System.getProperty(HOSTNAME_PROPERTY);
    if (chosen != null) {
      if (!chosen.equals(address.getHostAddress())) {
        AgentLog.warn(HOSTNAME_PROPERTY + "=" + chosen + " sends JMX clients to " + chosen
            + ", not to " + address.getHostAddress() + " where the connector listens");
      }
    } else if (!InetAddress.getLocalHost().equals(address)) {
      System.setProperty(HOSTNAME_PROPERTY, address.getHostAddress());
      AgentLog.info("set " + HOSTNAME_PROPERTY + "=" + address.getHostAddress() + " so that"
          + " RMI stubs point where the connector listens");
    }
  }

  /** Server sockets bound to one address; equal factories let RMI share one port. */
  private record BoundSockets(InetAddress address) implements RMIServerSocketFactory {
    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      return new ServerSocket(port, 0, address);
    }
  }
}
