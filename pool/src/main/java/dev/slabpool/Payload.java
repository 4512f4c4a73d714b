package dev.slabpool;

/** Where the payload block of a slab lives, chosen per cache. */
public enum Payload {
  /** No payload: objects carry their own fields only. */
  NONE,
  /** One heap {@code byte[]} per slab; dropped with the slab and collected by the GC. */
  HEAP,
  /**
   * One direct block per slab, safe on every JDK. From JDK 22 on it lives in a
   * {@code java.lang.foreign} arena closed as soon as the slab is given back: a payload buffer
   * kept past that throws {@link IllegalStateException}. Before JDK 22 it is a direct
   * {@link java.nio.ByteBuffer} dropped with the slab and freed by its cleaner once the GC finds
   * no buffer pointing into it, so the memory comes back at the next GC rather than at once.
   */
  DIRECT,
  /**
   * As {@link #DIRECT}, except that before JDK 22 the block is freed at once when its slab is
   * given back ({@code sun.misc.Unsafe.invokeCleaner}). <b>Unsafe</b>: a payload buffer used
   * after its object was released and its slab reclaimed reads or writes freed memory, which can
   * corrupt the C heap and abort the JVM. Choose it only where no payload buffer outlives its
   * reference (no slice kept after {@code release}, no other thread reading it). On JDK 22 and
   * later it is the same as {@code DIRECT}.
   */
  DIRECT_PROMPT
}
