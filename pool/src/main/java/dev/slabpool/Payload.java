package dev.slabpool;

/** Where the payload block of a slab lives, chosen per cache. */
public enum Payload {
  /** No payload: objects carry their own fields only. */
  NONE,
  /** One heap {@code byte[]} per slab; dropped with the slab and collected by the GC. */
  HEAP,
  /**
   * One direct {@link java.nio.ByteBuffer} per slab, released as soon as the slab is given back
   * where the JDK allows it (see the README), instead of waiting for the GC.
   */
  DIRECT
}
