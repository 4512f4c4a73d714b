package dev.slabpool.examples.metadata;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cached metadata of one path of the tree: what a dentry and its inode hold. Immutable, so a
 * value read under a reference stays valid after the reference is released.
 *
 * @param path the path relative to the tree, {@code /}-separated, empty for the tree itself
 * @param components the path's components ({@code ["lib", "modules"]})
 * @param type what the path is; symbolic links are never followed
 * @param size size in bytes (for a link, the link's own size)
 * @param modified last modification time
 * @param created creation time, as the file system reports it (some report the epoch)
 * @param linkTarget the target of a symbolic link, as written in the link; {@code null} otherwise
 */
public record FileMeta(String path, List<String> components, Type type, long size,
    FileTime modified, FileTime created, String linkTarget) {

  /** The kind of file. */
  public enum Type {
    FILE, DIRECTORY, SYMLINK, OTHER;

    static Type of(BasicFileAttributes a) {
      return a.isSymbolicLink() ? SYMLINK : a.isDirectory() ? DIRECTORY
          : a.isRegularFile() ? FILE : OTHER;
    }

    /** The name used in JSON: {@code file}, {@code directory}, {@code symlink}, {@code other}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Copies the components so the record stays immutable. */
  public FileMeta {
    components = List.copyOf(components);
  }

  /** The last component; empty for the tree itself. */
  public String name() {
    return components.isEmpty() ? "" : components.get(components.size() - 1);
  }

  /** The JSON object the service answers. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("name", name());
    m.put("components", components);
    m.put("type", type.id());
    m.put("size", size);
    m.put("modified", modified.toString());
    m.put("created", created.toString());
    if (linkTarget != null) {
      m.put("target", linkTarget);
    }
    return m;
  }
}
