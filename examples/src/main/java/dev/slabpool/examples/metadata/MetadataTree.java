package dev.slabpool.examples.metadata;

import dev.slabpool.examples.http.HttpError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The directory tree a metadata service serves: turns request paths into cache keys, refusing
 * any that leads outside the tree, and reads metadata and directory listings from the file
 * system. Symbolic links are reported, never followed.
 */
public final class MetadataTree {
  private final Path root;

  /**
   * A tree rooted at a directory.
   *
   * @throws IOException if the directory cannot be resolved
   */
  public MetadataTree(Path directory) throws IOException {
    this.root = directory.toRealPath();
    if (!Files.isDirectory(root)) {
      throw new NotDirectoryException(root.toString());
    }
  }

  /** The tree's directory (its real path). */
  public Path root() {
    return root;
  }

  /**
   * The cache key of a request path: relative to the tree, normalized, {@code /}-separated,
   * empty for the tree itself ({@code ""}, {@code "."} and {@code "/"}-free forms all work).
   *
   * @throws HttpError 400 for a path that is not a path, 403 for one that leads outside the tree
   */
  public String key(String requestPath) {
    Path p;
    try {
      p = Path.of(requestPath);
    } catch (InvalidPathException e) {
      throw HttpError.badRequest("not a path: '" + requestPath + "' (" + e.getReason() + ")");
    }
    Path n = p.normalize();
    if (p.isAbsolute() || n.startsWith("..")) {
      throw outside(requestPath);
    }
    return String.join("/", components(n));
  }

  /**
   * Reads the metadata of a key from the file system: the loader of the cache.
   *
   * @return the metadata, or {@code null} if there is no such file
   * @throws HttpError 403 when the path reaches outside the tree through a symbolic link, or the
   *     file may not be read
   */
  public FileMeta load(String key) {
    Path file = root.resolve(key);
    try {
      if (!key.isEmpty() && !file.getParent().toRealPath().startsWith(root)) {
        throw outside(key);
      }
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      FileMeta.Type type = FileMeta.Type.of(a);
      String target = type == FileMeta.Type.SYMLINK
          ? Files.readSymbolicLink(file).toString() : null;
      return new FileMeta(key, components(Path.of(key)), type, a.size(), a.lastModifiedTime(),
          a.creationTime(), target);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    } catch (AccessDeniedException e) {
      throw HttpError.forbidden("permission denied: '" + key + "'");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the metadata of '" + key + "'", e);
    }
  }

  /**
   * The names in a directory of the tree, sorted.
   *
   * @throws HttpError 404 if the directory is gone, 403 if it may not be read or now leads
   *     outside the tree
   */
  public List<String> children(String key) {
    List<String> names = new ArrayList<>();
    Path directory = root.resolve(key);
    try {
      // Listing follows a symbolic link: make sure this one has not become one meanwhile.
      if (!directory.toRealPath().startsWith(root)) {
        throw outside(key);
      }
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory)) {
        for (Path p : dir) {
          names.add(p.getFileName().toString());
        }
      }
    } catch (NoSuchFileException e) {
      throw HttpError.notFound("no such directory in the tree: '" + key + "'");
    } catch (AccessDeniedException e) {
      throw HttpError.forbidden("permission denied: '" + key + "'");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list '" + key + "'", e);
    }
    Collections.sort(names);
    return names;
  }

  /** The key of a child of a directory key. */
  public static String child(String directoryKey, String name) {
    return directoryKey.isEmpty() ? name : directoryKey + "/" + name;
  }

  private static List<String> components(Path relative) {
    List<String> c = new ArrayList<>();
    for (Path part : relative) {
      if (!part.toString().isEmpty()) {
        c.add(part.toString());
      }
    }
    return c;
  }

  private static HttpError outside(String path) {
    return HttpError.forbidden("path '" + path + "' is outside the tree");
  }
}
