package dev.slabpool.bench.payload;

import java.util.List;

/**
 * What {@code entries} entries cost one peer: the heap it grew by (after full GCs) and the
 * off-heap memory it took, against the bytes of the values themselves.
 *
 * @param peer the peer's name
 * @param entries entries cached
 * @param valueBytes bytes of their values
 * @param heapBytes growth of the used heap after GC, the cache built and filled
 * @param walkedHeapBytes the cache's heap objects as a heap walk (JOL) counts them; -1 when not
 *     walked
 * @param offHeapBytes native or direct memory the cache took
 * @param offHeap where {@code offHeapBytes} comes from
 * @param parts where the bytes go, heap and off-heap, values included
 */
public record Footprint(String peer, long entries, long valueBytes, long heapBytes,
    long walkedHeapBytes, long offHeapBytes, String offHeap, List<Part> parts) {

  /** Some of the bytes: what they are, how many. */
  public record Part(String what, long bytes) {}

  /** Bytes beyond the values', per entry. */
  public double overheadPerEntry() {
    return (heapBytes + offHeapBytes - valueBytes) / (double) entries;
  }
}
