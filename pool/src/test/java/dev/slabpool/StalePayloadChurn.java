package dev.slabpool;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run in a child JVM: the misuse that once aborted the JVM on JDK 17 ({@code double free or
 * corruption}). Writers allocate direct payloads, keep their buffers after {@code release}, and
 * go on writing those stale buffers while a reclaimer frees every slab it can and finally
 * destroys the cache under them. Exits 0 and prints {@code survived} when the JVM lived through
 * it; any memory corruption ends it with a signal instead.
 */
public final class StalePayloadChurn {
  private static final int WRITERS = 3;
  private static final int OPERATIONS = 200_000;
  private static final int SIZE = 1024;

  private StalePayloadChurn() {}

  public static void main(String[] args) throws InterruptedException {
    Payload kind = Payload.valueOf(args[0]);
    SlabCache<TestObject> c = SlabCache.builder("stale", TestObject::new).objectsPerSlab(8)
        .objectSize(SIZE).payload(kind).arenas(1).freeListSize(0)
        .reclaimable((o, mode) -> true).build();
    Thread[] writers = new Thread[WRITERS];
    long[] staleWrites = new long[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
      int id = w;
      // The first writer stops half-way: the reclaimer then destroys the cache under the others.
      int operations = w == 0 ? OPERATIONS / 2 : OPERATIONS;
      writers[w] = new Thread(() -> staleWrites[id] = write(c, operations), "writer-" + w);
      writers[w].start();
    }
    long reclaimed = 0;
    while (writers[0].isAlive()) {
      reclaimed += c.reclaim(Long.MAX_VALUE).slabsFreed();
    }
    c.destroy();
    for (Thread t : writers) {
      t.join();
    }
    long writes = 0;
    for (long n : staleWrites) {
      writes += n;
    }
    System.out.println("survived " + writes + " writes to stale " + kind + " buffers; "
        + reclaimed + " slabs reclaimed under them");
  }

  /** Returns how many writes went to buffers whose object had been released. */
  private static long write(SlabCache<TestObject> c, int operations) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    ByteBuffer[] stale = new ByteBuffer[64];
    long writes = 0;
    for (int i = 0; i < operations; i++) {
      if (!c.isDestroyed()) {
        try {
          TestObject o = c.allocate();
          ByteBuffer b = c.payload(o);
          b.putLong(0, i);
          c.release(o);
          stale[i % stale.length] = b; // kept past release: the misuse
        } catch (IllegalStateException destroyedMeanwhile) {
          // the reclaimer destroyed the cache; the stale buffers are still written below
        }
      }
      ByteBuffer b = stale[random.nextInt(stale.length)];
      if (b != null) {
        try {
          for (int off = 0; off < SIZE; off += Long.BYTES) {
            b.putLong(off, ~off);
          }
          writes++;
        } catch (IllegalStateException closed) {
          // JDK 22+: a buffer of a closed arena refuses the access
        }
      }
    }
    return writes;
  }
}
