package dev.slabpool.examples.migration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.slabpool.keyed.CacheEntry;
import dev.slabpool.keyed.KeyedCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The migration guide's first example (examples/README.md): a cache of file attributes, in
 * Caffeine and then in slabpool. The README quotes the tagged regions; a test checks it does so
 * word for word, and {@code MigrationGuideTest} runs both.
 */
final class FromCaffeine {
  private FromCaffeine() {}

  static LoadingCache<Path, BasicFileAttributes> caffeineCache() {
    // tag::caffeine-before[]
    LoadingCache<Path, BasicFileAttributes> attributes = Caffeine.newBuilder()
        .maximumSize(4096)
        .recordStats()
        .build(path -> Files.readAttributes(path, BasicFileAttributes.class));
    // end::caffeine-before[]
    return attributes;
  }

  static long caffeineSize(LoadingCache<Path, BasicFileAttributes> attributes, Path path) {
    // tag::caffeine-use[]
    BasicFileAttributes a = attributes.get(path);
    return a.size();
    // end::caffeine-use[]
  }

  static KeyedCache<Path, BasicFileAttributes> slabpoolCache() {
    // tag::slabpool-after[]
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
    // end::slabpool-after[]
    return attributes;
  }

  static long slabpoolSize(KeyedCache<Path, BasicFileAttributes> attributes, Path path) {
    // tag::slabpool-use[]
    CacheEntry<Path, BasicFileAttributes> e = attributes.lookup(path); // takes a reference
    try {
      return e.value().size();
    } finally {
      attributes.release(e);   // cached again (refcount 1): the allocator may reclaim it
    }
    // end::slabpool-use[]
  }
}
