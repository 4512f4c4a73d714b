package dev.slabpool.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The slabpool version this jar was built as: {@code version.properties} beside this class,
 * filtered by Maven with {@code ${project.version}}.
 */
final class Version {
  private static final String RESOURCE = "version.properties";

  private Version() {}

  /** The project version, say {@code 0.1.0-SNAPSHOT}. */
  static String get() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the agent jar");
      }
      Properties p = new Properties();
      p.load(in);
      String version = p.getProperty("version");
      if (version == null || version.isBlank() || version.startsWith("${")) {
        throw new IllegalStateException(RESOURCE + " was not filtered: " + version);
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
