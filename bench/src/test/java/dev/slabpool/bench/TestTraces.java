package dev.slabpool.bench;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Small trace files for tests, in the formats of {@code bench/traces/README.md}. */
public final class TestTraces {
  private TestTraces() {}

  /** Writes a gzip of big-endian ints, plus {@code extraBytes} stray bytes at the end. */
  public static Path binary(Path file, long[] keys, int extraBytes) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
      for (long k : keys) {
        out.writeInt((int) k);
      }
      for (int i = 0; i < extraBytes; i++) {
        out.write(7);
      }
    }
    return file;
  }

  /** Writes a gzip of text. */
  public static Path text(Path file, String content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }

  /**
   * A skewed access sequence: key {@code i} of {@code keys} drawn with probability about
   * proportional to {@code 1/(i+1)}, plus a slow drift so that the working set changes.
   */
  public static long[] skewed(int accesses, int keys, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] out = new long[accesses];
    for (int i = 0; i < accesses; i++) {
      int rank = (int) Math.floor(Math.exp(r.nextDouble() * Math.log(keys))) - 1;
      out[i] = (rank + i / 50) % (2L * keys);
    }
    return out;
  }

  /** Writes {@link #skewed} as a text trace with a {@code *} marker now and then. */
  public static Path skewedText(Path file, int accesses, int keys, long seed) throws IOException {
    StringBuilder sb = new StringBuilder();
    long[] k = skewed(accesses, keys, seed);
    for (int i = 0; i < k.length; i++) {
      if (i % 1000 == 0) {
        sb.append("*\n");
      }
      sb.append(k[i]).append('\n');
    }
    return text(file, sb.toString());
  }
}
