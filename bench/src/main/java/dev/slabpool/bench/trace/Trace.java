package dev.slabpool.bench.trace;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A recorded access sequence: the keys in the order they were accessed.
 *
 * <p>Files are read with the JDK alone, as {@code bench/traces/README.md} says: gzip (or plain
 * bytes when the file has no gzip header), then either big-endian ints until end of file or one
 * decimal key per line, skipping {@code *} checkpoint lines and blank lines.
 *
 * @param name the file name without {@code .trace.gz} (or the extension), for reports
 * @param format the format the file was read as ({@link TraceFormat#BINARY} or {@link TraceFormat#TEXT})
 * @param keys the accessed keys, in order
 */
public record Trace(String name, TraceFormat format, long[] keys) {
  private static final int SNIFF_BYTES = 4096;

  /** Checks and copies nothing: the key array is large and owned by the trace. */
  public Trace {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(keys, "keys");
  }

  /** Number of accesses. */
  public int length() {
    return keys.length;
  }

  /** Number of distinct keys. */
  public int distinctKeys() {
    Set<Long> seen = new HashSet<>();
    for (long k : keys) {
      seen.add(k);
    }
    return seen.size();
  }

  /**
   * Reads a trace file.
   *
   * @param format {@link TraceFormat#AUTO} to decide from the content: text when the first bytes
   *     are only digits, signs, {@code *} and line breaks, binary otherwise
   * @throws IOException if the file cannot be read, a text line is not a number, or a binary file
   *     ends in the middle of an int; the message names the file and the place
   */
  public static Trace read(Path file, TraceFormat format) throws IOException {
    Objects.requireNonNull(format, "format");
    try (InputStream in = open(file)) {
      TraceFormat actual = format == TraceFormat.AUTO ? sniff(in) : format;
      long[] keys = actual == TraceFormat.BINARY ? readBinary(in, file) : readText(in, file);
      return new Trace(nameOf(file), actual, keys);
    }
  }

  /** The report name of a trace file: its file name without {@code .trace.gz}, {@code .gz} etc. */
  public static String nameOf(Path file) {
    String n = file.getFileName().toString();
    for (String ext : new String[] {".trace.gz", ".gz", ".trace", ".txt", ".bin"}) {
      if (n.endsWith(ext) && n.length() > ext.length()) {
        return n.substring(0, n.length() - ext.length());
      }
    }
    return n;
  }

  private static InputStream open(Path file) throws IOException {
    BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    InputStream content = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new BufferedInputStream(content, 1 << 16);
  }

  private static TraceFormat sniff(InputStream in) throws IOException {
    in.mark(SNIFF_BYTES);
    byte[] head = in.readNBytes(SNIFF_BYTES);
    in.reset();
    if (head.length == 0) {
      return TraceFormat.BINARY; // empty either way
    }
    for (byte b : head) {
      boolean textual = (b >= '0' && b <= '9') || b == '*' || b == '-' || b == '+'
          || b == '\n' || b == '\r' || b == ' ' || b == '\t';
      if (!textual) {
        return TraceFormat.BINARY;
      }
    }
    return TraceFormat.TEXT;
  }

  private static long[] readBinary(InputStream in, Path file) throws IOException {
    LongList keys = new LongList();
    byte[] chunk = new byte[1 << 16];
    ByteBuffer view = ByteBuffer.wrap(chunk); // big-endian by default, as DataInputStream
    int pending = 0; // bytes of an incomplete int carried to the next read
    long offset = 0;
    for (int n; (n = in.read(chunk, pending, chunk.length - pending)) > 0; ) {
      int available = pending + n;
      int whole = available & ~3;
      for (int i = 0; i < whole; i += 4) {
        keys.add(view.getInt(i));
      }
      offset += whole;
      pending = available - whole;
      System.arraycopy(chunk, whole, chunk, 0, pending);
    }
    if (pending != 0) {
      throw new IOException(file + ": truncated binary trace: " + pending
          + " byte(s) after the last whole int at byte offset " + offset);
    }
    return keys.toArray();
  }

  private static long[] readText(InputStream in, Path file) throws IOException {
    LongList keys = new LongList();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    long lineNo = 0;
    for (String line; (line = r.readLine()) != null; ) {
      lineNo++;
      String s = line.strip();
      if (s.isEmpty() || s.equals("*")) {
        continue; // blank line, or checkpoint marker
      }
      try {
        keys.add(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw new IOException(file + ":" + lineNo + ": not a key: '" + abbreviate(s) + "'"
            + " (text traces have one decimal key per line, or '*')", e);
      }
    }
    return keys.toArray();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Trace t && name.equals(t.name) && format == t.format
        && Arrays.equals(keys, t.keys);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(keys);
  }

  @Override
  public String toString() {
    return "Trace[" + name + ", " + format.id() + ", " + keys.length + " accesses]";
  }

  /** A growable array of longs, so that millions of keys are not boxed while reading. */
  private static final class LongList {
    private long[] a = new long[1024];
    private int size;

    void add(long v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }
}
