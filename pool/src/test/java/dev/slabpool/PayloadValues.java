package dev.slabpool;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Values for the payload cache's concurrency tests that say whose they are: a value is the key
 * and a version (4 bytes each), then a byte that depends on both, repeated, and its length is
 * fixed by the version. A copy that mixes two values, stops short, runs long or took another
 * key's slot does not read back as a value of its key. Bytes are written and compared in bulk,
 * with no loop of the tests' own over them: Lincheck takes a long loop for a livelock.
 */
final class PayloadValues {
  /** Lengths by version, modulo: versions 1, 2 and 3 fall in classes 128, 256 and 512 of 2^n. */
  private static final int[] LENGTHS = {8, 12, 200, 300, 9, 100, 24, 600, 16, 64, 40, 33};
  private static final int HEADER = 8;

  private PayloadValues() {}

  /** The length of every value of {@code version}. */
  static int length(int version) {
    return LENGTHS[Math.floorMod(version, LENGTHS.length)];
  }

  /** The largest length of any value. */
  static final int LARGEST = 600;

  /** The value of {@code key} at {@code version}. */
  static byte[] of(int key, int version) {
    byte[] v = new byte[length(version)];
    ByteBuffer.wrap(v).putInt(key).putInt(version);
    Arrays.fill(v, HEADER, v.length, (byte) (key * 31 + version * 7 + 1));
    return v;
  }

  /**
   * What the bytes {@code src} has remaining say, read without moving its position: {@code
   * key:version} when they are exactly a value of {@code key}, else {@code not a value of key}
   * and what they hold.
   */
  static String describe(int key, ByteBuffer src) {
    String why = flaw(key, src);
    return why == null ? key + ":" + src.getInt(src.position() + 4) : why;
  }

  /** {@code null} when the bytes {@code src} has remaining are exactly a value of {@code key}. */
  static String flaw(int key, ByteBuffer src) {
    int at = src.position();
    int n = src.remaining();
    if (n < HEADER) {
      return "not a value of " + key + ": " + n + " bytes";
    }
    int owner = src.getInt(at);
    int version = src.getInt(at + 4);
    if (owner != key || n != length(version)) {
      return "not a value of " + key + ": " + n + " bytes headed " + owner + ":" + version;
    }
    int torn = src.slice(at, n).mismatch(ByteBuffer.wrap(of(key, version)));
    return torn < 0 ? null
        : "not a value of " + key + ": " + key + ":" + version + " torn at byte " + torn
            + " of " + n;
  }
}
