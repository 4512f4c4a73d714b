package dev.slabpool.examples.metadata;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the file system says of a tree, read by the test itself, to check the service's answers
 * against; and a generator of trees to serve.
 */
final class TreeTruth {

  /** The expected answer for one path. */
  record Expected(String path, String type, long size, String modified, List<String> components,
      String target) {}

  private final Map<String, Expected> byKey;
  private final Map<String, List<String>> children;

  private TreeTruth(Map<String, Expected> byKey, Map<String, List<String>> children) {
    this.byKey = byKey;
    this.children = children;
  }

  /** Reads every path of a tree (links not followed). */
  static TreeTruth read(Path tree) throws IOException {
    Map<String, Expected> byKey = new TreeMap<>();
    Map<String, List<String>> children = new TreeMap<>();
    Files.walkFileTree(tree, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
        add(dir);
        try (Stream<Path> list = Files.list(dir)) {
          children.put(key(tree, dir),
              list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
        add(file);
        return FileVisitResult.CONTINUE;
      }

      private void add(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        String key = key(tree, p);
        List<String> components = key.isEmpty() ? List.of() : List.of(key.split("/"));
        String type = a.isSymbolicLink() ? "symlink" : a.isDirectory() ? "directory"
            : a.isRegularFile() ? "file" : "other";
        byKey.put(key, new Expected(key, type, a.size(), a.lastModifiedTime().toString(),
            components, a.isSymbolicLink() ? Files.readSymbolicLink(p).toString() : null));
      }
    });
    return new TreeTruth(byKey, children);
  }

  /** Every key, the tree itself as "". */
  List<String> keys() {
    return new ArrayList<>(byKey.keySet());
  }

  /** The keys of directories. */
  List<String> directories() {
    return new ArrayList<>(children.keySet());
  }

  Expected expected(String key) {
    return byKey.get(key);
  }

  /** What is wrong with a {@code /meta} answer for a key, or {@code null} if it is right. */
  String mismatch(String key, JsonObject answer) {
    Expected e = byKey.get(key);
    List<String> components = new ArrayList<>();
    answer.getAsJsonArray("components").forEach(c -> components.add(c.getAsString()));
    JsonElement target = answer.get("target");
    Expected actual = new Expected(answer.get("path").getAsString(),
        answer.get("type").getAsString(), answer.get("size").getAsLong(),
        answer.get("modified").getAsString(), components,
        target == null ? null : target.getAsString());
    String name = components.isEmpty() ? "" : components.get(components.size() - 1);
    if (!actual.equals(e) || !answer.get("name").getAsString().equals(name)) {
      return "for '" + key + "' expected " + e + " but the service answered " + answer;
    }
    return null;
  }

  /** What is wrong with a {@code /list} answer for a directory key, or {@code null}. */
  String listMismatch(String key, JsonObject answer) {
    List<String> names = new ArrayList<>();
    for (JsonElement child : answer.getAsJsonArray("children")) {
      JsonObject c = child.getAsJsonObject();
      String childKey = c.get("path").getAsString();
      String wrong = mismatch(childKey, c);
      if (wrong != null) {
        return wrong;
      }
      names.add(c.get("name").getAsString());
    }
    if (!names.equals(children.get(key))) {
      return "listing '" + key + "': expected " + children.get(key) + " but got " + names;
    }
    return null;
  }

  /**
   * Writes a tree of {@code dirs} directories of {@code filesPerDir} files of varied sizes, with
   * a symbolic link inside the tree.
   */
  static void generate(Path root, int dirs, int filesPerDir) throws IOException {
    for (int d = 0; d < dirs; d++) {
      Path dir = Files.createDirectories(root.resolve("dir-" + d / 10).resolve("sub-" + d));
      for (int f = 0; f < filesPerDir; f++) {
        Files.write(dir.resolve("file " + f + ".dat"), new byte[(d * 31 + f * 7) % 3000]);
      }
    }
    Files.createSymbolicLink(root.resolve("link-to-dir-0"), Path.of("dir-0"));
  }

  private static String key(Path tree, Path p) {
    return tree.relativize(p).toString().replace('\\', '/');
  }
}
