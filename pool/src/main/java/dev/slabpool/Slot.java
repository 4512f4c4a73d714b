package dev.slabpool;

import java.nio.ByteBuffer;

/** Where a pooled object lives: its slab, its index there, and its slice of the payload block. */
final class Slot {
  final Slab slab;
  final int index;
  /** The object's payload slice, or {@code null} for a cache without payload. */
  final ByteBuffer payload;

  /** The slot of a pooled object that lives in a slab. */
  static Slot of(Object pooled) {
    return (Slot) ((Pooled) pooled).slabpoolSlot();
  }

  Slot(Slab slab, int index, ByteBuffer payload) {
    this.slab = slab;
    this.index = index;
    this.payload = payload;
  }
}
