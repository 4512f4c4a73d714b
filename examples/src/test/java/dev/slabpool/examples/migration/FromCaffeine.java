package dev.slabpool.examples.migration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.slabpool.CacheEntry;
import dev.slabpool.KeyedCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The migration guide's first example (examples/README.md): a cache of file attributes, in
 * Caffeine and then in slabpool. {@code MigrationGuideTest} runs both; {@code
 * ReadmeSnippetsTest} checks that the README quotes this code word for word.
 */
final class FromCaffeine {
  private FromCaffeine() {}

  static LoadingCache<Path, BasicFileAttributes> caffeineCache() {
    LoadingCache<Path, BasicFileAttributes> attributes = Caffeine.newBuilder()
        .maximumSize(4096)
        .recordStats()
        .build(path -> Files.readAttributes(path, BasicFileAttributes.class));
    return attributes;
  }

  static long caffeineSize(LoadingCache<Path, BasicFileAttributes> attributes, Path path) {
    BasicFileAttributes a = attributes.get(path);
    return a.size();
  }

  static KeyedCache<Path, BasicFileAttributes> slabpoolCache() {
    KeyedCache<Path, BasicFileAttributes> attributes =
        KeyedCache.<Path, BasicFileAttributes>builder("file-attributes") // the MBean's name
            .objectsPerSlab(16)
            .objectSize(256)           // estimated bytes per entry: 4 KiB slabs
            .memoryCapSlabs(256)       // 256 x 16 = 4096 entries, as maximumSize(4096)
            .recordStats()
            .loader(path -> {
              try {
                return Files.readAttributes(path, BasicFileAttributes.class);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
            .build();
    return attributes;
  }

  static long slabpoolSize(KeyedCache<Path, BasicFileAttributes> attributes, Path path) {
    CacheEntry<Path, BasicFileAttributes> e = attributes.lookup(path); // takes a reference
    try {
      return e.value().size();
    } finally {
      attributes.release(e);   // cached again (refcount 1): the allocator may reclaim it
    }
  }
}
