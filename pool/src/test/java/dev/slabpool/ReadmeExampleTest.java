package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The example of {@code pool/README.md}, compiled and run; the README must show this code. */
class ReadmeExampleTest {

  // README example: the pooled type
  final class Buffer extends PooledObject {}
  // end

  @Test
  void aReclaimableCacheOfDirectBuffers() {
    // README example: the cache
    SlabCache<Buffer> buffers = SlabCache.builder("buffers", Buffer::new)
        .objectsPerSlab(64).objectSize(4096).payload(Payload.DIRECT)
        .reclaimable((buffer, mode) -> true)   // nothing else refers to a buffer: always freeable
        .memoryCapBytes(64 << 20)               // 64 MiB: 256 slabs of 64 x 4 KiB
        .build();
    Buffer b = buffers.allocate();              // refcount 2: in use by us
    buffers.payload(b).putInt(0, 42);
    buffers.release(b);                         // refcount 1: cached, the allocator may free it
    ReclaimResult r = buffers.reclaim(4);       // frees up to 4 whole slabs of unused buffers
    // end

    assertThat(r.slabsFreed()).isEqualTo(1);
    assertThat(r.objectsFreed()).isEqualTo(1);
    assertThat(buffers.memoryCap()).isEqualTo(256);
    assertThat(buffers.stats().totalSlabs()).isZero();
    buffers.destroy();
  }

  @Test
  void theReadmeShowsThisCode() throws IOException {
    String readme = normalize(Files.readAllLines(Path.of("README.md")));
    String source = String.join("\n", Files.readAllLines(
        Path.of("src/test/java/dev/slabpool/ReadmeExampleTest.java")));
    // The markers are spelled in two pieces here so that this method does not match itself.
    int checked = 0;
    for (String part : source.split("// README " + "example: ")) {
      int end = part.indexOf("// " + "end");
      if (end >= 0 && !part.startsWith("package")) {
        String code = part.substring(part.indexOf('\n') + 1, end);
        assertThat(readme).contains(normalize(List.of(code.split("\n"))));
        checked++;
      }
    }
    assertThat(checked).as("example parts found in this file").isEqualTo(2);
  }

  private static String normalize(List<String> lines) {
    return lines.stream().map(l -> l.strip().replaceAll("\\s+", " ")).filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
