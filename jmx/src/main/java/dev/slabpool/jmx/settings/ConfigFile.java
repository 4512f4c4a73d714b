package dev.slabpool.jmx.settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The properties file named by the {@code config} setting: {@code name=value} lines in the
 * {@link Properties} format (UTF-8; so a backslash is an escape there: write Windows paths with
 * {@code /} or {@code \\}).
 */
final class ConfigFile {
  private ConfigFile() {}

  /**
   * The file's entries, sorted by key; empty, after a warning naming the path, when it cannot be
   * read.
   *
   * @param file the path
   * @param givenBy where the path came from, for the warning
   */
  static Map<String, String> read(Path file, String givenBy, Consumer<String> warn) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException | IllegalArgumentException e) {
      warn.accept("cannot read config file " + file + " (given by " + givenBy + "): "
          + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + "; no setting is taken from it");
      return Map.of();
    }
    Map<String, String> entries = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      entries.put(key.trim(), properties.getProperty(key));
    }
    return entries;
  }
}
