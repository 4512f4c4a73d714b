package dev.slabpool.agent.it;

import static dev.slabpool.agent.it.Processes.INSTALLED;
import static dev.slabpool.agent.it.Processes.javaagent;
import static dev.slabpool.agent.it.Processes.startApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slabpool.testkit.ChildJvm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.rmi.server.RemoteObject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jmx=remote: refused without authentication, allowed with it, bound to loopback. */
class RemoteJmxIT {
  private static final Pattern CONNECTOR =
      Pattern.compile("remote JMX connector at (service:jmx:\\S+)");
  private static final ObjectName SESSIONS = name("dev.slabpool:type=SlabCache,name=sessions");

  @TempDir
  Path dir;

  @Test
  void refusedWithoutPasswordAndAccessFiles() {
    assertThat(outputOfInstalled("remote-refused", "jmx=remote,jmx.port=0"))
        .anyMatch(l -> l.contains("WARNING: no remote JMX connector: it would accept anybody:"
            + " give jmx.password.file and jmx.access.file, or insecure=true"))
        .noneMatch(l -> l.contains("remote JMX connector at"));
  }

  @Test
  void refusesAPasswordFileOthersCanRead() throws IOException {
    Path password = write("password", "ops secret", "rw-r--r--");
    Path access = write("access", "ops readwrite", "rw-------");
    assertThat(outputOfInstalled("remote-open-password", "jmx=remote,jmx.password.file="
        + password + ",jmx.access.file=" + access))
        .anyMatch(l -> l.contains("no remote JMX connector: the password file " + password
            + " must be readable and writable by its owner only"));
  }

  /** Starts the application with the agent and returns what it printed once installed. */
  private static List<String> outputOfInstalled(String name, String agentArguments) {
    try (ChildJvm app = startApp(name, List.of(javaagent("verbose=true," + agentArguments)))) {
      app.await(INSTALLED, ChildJvm.patience());
      return app.output();
    }
  }

  @Test
  void authenticatesAuthorisesAndListensOnLoopbackOnly() throws Exception {
    Path password = write("password", "ops secret\nwatch seen", "rw-------");
    Path access = write("access", "ops readwrite\nwatch readonly", "rw-------");
    try (ChildJvm app = startApp("remote-auth", List.of(javaagent("jmx=remote,jmx.port=0,"
        + "jmx.password.file=" + password + ",jmx.access.file=" + access)))) {
      JMXServiceURL url = new JMXServiceURL(app.await(CONNECTOR, ChildJvm.patience()));
      assertThat(app.output()).anyMatch(l -> l.contains("(bound to 127.0.0.1, password and"
          + " access files required)"));

      assertThatThrownBy(() -> JMXConnectorFactory.connect(url).close())
          .isInstanceOf(SecurityException.class).hasMessageContaining("Credentials required");
      assertThatThrownBy(() -> connect(url, "ops", "wrong").close())
          .isInstanceOf(SecurityException.class).hasMessageContaining("Invalid username or password");
      try (JMXConnector ops = connect(url, "ops", "secret")) {
        MBeanServerConnection mbeans = ops.getMBeanServerConnection();
        assertThat(mbeans.getAttribute(SESSIONS, "TotalSlabs")).isEqualTo(16L);
        mbeans.setAttribute(SESSIONS, new Attribute("Policy", "lru"));
        assertThat(mbeans.getAttribute(SESSIONS, "Policy")).isEqualTo("lru");
      }
      try (JMXConnector watch = connect(url, "watch", "seen")) {
        MBeanServerConnection mbeans = watch.getMBeanServerConnection();
        assertThat(mbeans.getAttribute(SESSIONS, "Policy")).isEqualTo("lru");
        assertThatThrownBy(() -> mbeans.setAttribute(SESSIONS, new Attribute("Policy", "slab")))
            .isInstanceOf(SecurityException.class).hasMessageContaining("Access denied");
      }

      // The port the stub points to accepts on loopback and refuses on the host's other address.
      InetSocketAddress endpoint = stubEndpoint(url);
      assertThat(endpoint.getAddress().isLoopbackAddress()).isTrue();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoint.getPort())) {
        assertThat(s.isConnected()).isTrue();
      }
      Optional<InetAddress> other = nonLoopbackAddress();
      assumeTrue(other.isPresent(), "this host has no non-loopback address to try");
      assertThatThrownBy(() -> new Socket(other.get(), endpoint.getPort()).close())
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void insecureAllowsAConnectorWithoutAuthenticationAndSaysSo() throws Exception {
    try (ChildJvm app = startApp("remote-insecure",
        List.of(javaagent("jmx=remote,insecure=true")))) {
      JMXServiceURL url = new JMXServiceURL(app.await(CONNECTOR, ChildJvm.patience()));
      try (JMXConnector anybody = JMXConnectorFactory.connect(url)) {
        assertThat(anybody.getMBeanServerConnection().getAttribute(SESSIONS, "Keyed"))
            .isEqualTo(true);
      }
      assertThat(app.output()).anyMatch(l -> l.contains("NO AUTHENTICATION"))
          .anyMatch(l -> l.contains("WARNING: the remote JMX connector accepts anybody"));
    }
  }

  private Path write(String name, String content, String permissions) throws IOException {
    Path file = Files.writeString(dir.resolve(name), content + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  private static JMXConnector connect(JMXServiceURL url, String user, String password)
      throws IOException {
    return JMXConnectorFactory.connect(url,
        Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
  }

  /** Where the stub in a {@code service:jmx:rmi://host/stub/...} address sends clients. */
  private static InetSocketAddress stubEndpoint(JMXServiceURL url) throws Exception {
    String base64 = url.getURLPath().substring("/stub/".length());
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
      String ref = ((RemoteObject) in.readObject()).getRef().remoteToString();
      Matcher m = Pattern.compile("endpoint:\\[([^:\\]]+):(\\d+)").matcher(ref);
      assertThat(m.find()).as(ref).isTrue();
      return new InetSocketAddress(InetAddress.getByName(m.group(1)),
          Integer.parseInt(m.group(2)));
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    return NetworkInterface.networkInterfaces().filter(i -> {
      try {
        return i.isUp() && !i.isLoopback();
      } catch (IOException e) {
        return false;
      }
    }).flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
