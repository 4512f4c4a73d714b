package dev.slabpool;

import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM with {@code -XX:MaxDirectMemorySize=8m}: grows a DIRECT cache of 1 MiB
 * slabs until direct memory runs out, then checks the cache is consistent and, once it has given
 * memory back, allocates again. Prints what happened; exits non-zero on any violation.
 */
public final class DirectExhaustion {
  private DirectExhaustion() {}

  public static void main(String[] args) {
    SlabCache<TestObject> c = SlabCache.builder("exhaust", TestObject::new).objectsPerSlab(16)
        .objectSize(64 * 1024).payload(Payload.DIRECT).arenas(1).freeListSize(0)
        .reclaimable((o, mode) -> true).build();
    List<TestObject> held = new ArrayList<>();
    try {
      for (;;) {
        TestObject o = c.allocate();
        c.payload(o).putInt(0, held.size());
        held.add(o);
      }
    } catch (OutOfMemoryError e) {
      long slabs = c.stats().totalSlabs();
      System.out.println("out of direct memory after " + slabs + " slabs: " + e.getMessage());
      if (held.size() != slabs * 16) {
        throw new AssertionError(held.size() + " objects in " + slabs + " slabs");
      }
    }
    Invariants.check(c);
    System.out.println("consistent");
    held.forEach(c::release);
    held.clear(); // before JDK 22 a block is freed by the GC once nothing points into it
    if (c.reclaim(2).slabsFreed() != 2) {
      throw new AssertionError("reclaim freed no slab");
    }
    TestObject o = c.allocate();
    c.payload(o).putInt(0, 42);
    Invariants.check(c);
    System.out.println("allocates again: " + c.stats());
    c.destroy();
  }
}
