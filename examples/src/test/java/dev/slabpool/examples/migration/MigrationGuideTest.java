package dev.slabpool.examples.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.slabpool.KeyedCache;
import dev.slabpool.SlabCache;
import dev.slabpool.SlabCacheFullException;
import dev.slabpool.SlabCacheRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both sides of each example of the migration guide do the same work. */
class MigrationGuideTest {

  @Test
  void fromCaffeineTheKeyedCacheAnswersAlikeAndOperatorsCanReclaimIt(@TempDir Path dir)
      throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      files.add(Files.write(dir.resolve("f" + i), new byte[i * 13]));
    }
    LoadingCache<Path, BasicFileAttributes> before = FromCaffeine.caffeineCache();
    KeyedCache<Path, BasicFileAttributes> after = FromCaffeine.slabpoolCache();
    try {
      for (Path f : files) {
        assertThat(FromCaffeine.slabpoolSize(after, f))
            .isEqualTo(FromCaffeine.caffeineSize(before, f)).isEqualTo(Files.size(f));
      }
      // What operators gain: the cache is listed (so it has an MBean once slabpool-jmx or the
      // agent is installed), with slab statistics, and gives memory back on request.
      assertThat(SlabCacheRegistry.find("file-attributes")).containsSame(after);
      assertThat(after.stats().activeObjects()).isEqualTo(files.size());
      assertThat(after.stats().pinnedObjects()).isZero();
      long slabs = after.stats().totalSlabs();
      assertThat(after.reclaim(slabs).slabsFreed()).isEqualTo(slabs);
      assertThat(FromCaffeine.slabpoolSize(after, files.get(7))).isEqualTo(7 * 13);
    } finally {
      after.destroy();
    }
  }

  @Test
  void fromCommonsPoolTheSlabCacheAnswersAlikeAndGivesItsMemoryBack() throws Exception {
    byte[] data = new byte[64 << 10];
    new Random(1).nextBytes(data);
    CRC32C expected = new CRC32C();
    expected.update(data);
    GenericObjectPool<ByteBuffer> before = FromCommonsPool.commonsPool();
    SlabCache<FromCommonsPool.Buffer> after = FromCommonsPool.slabpoolPool();
    try {
      for (int i = 0; i < 20; i++) {
        assertThat(FromCommonsPool.commonsChecksum(before, data)).isEqualTo(expected.getValue());
        assertThat(FromCommonsPool.slabpoolChecksum(after, data)).isEqualTo(expected.getValue());
      }
      assertThat(after.stats().activeObjects()).isZero();
      assertThat(after.stats().totalSlabs()).isEqualTo(1);

      // The cap of 256 buffers: the next allocation fails at once instead of waiting.
      List<FromCommonsPool.Buffer> held = new ArrayList<>();
      for (int i = 0; i < 256; i++) {
        held.add(after.allocate());
      }
      assertThatThrownBy(after::allocate).isInstanceOf(SlabCacheFullException.class);
      held.forEach(after::free);

      // Free slabs go back as whole 1 MiB blocks when an operator (or memory pressure) asks.
      assertThat(after.reclaim(Long.MAX_VALUE).slabsFreed()).isEqualTo(16);
      assertThat(after.stats().bytesHeld()).isZero();
    } finally {
      before.close();
      after.destroy();
    }
  }
}
