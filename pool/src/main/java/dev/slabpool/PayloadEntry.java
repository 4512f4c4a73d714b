package dev.slabpool;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * The entry of a {@link PayloadCache}: its value is {@link #length} bytes at the start of its
 * slot in the slab's payload block, not a heap object.
 *
 * <p>A seqlock guards the bytes for readers that take no reference: {@link #version} is odd
 * while the slot is written or free and even while it holds a value. A writer makes it odd, writes
 * the bytes, the length and the key, and makes it even; freeing the entry makes it odd again. A
 * reader that sees the same even version before and after its copy copied the bytes of one
 * value, all of it.
 */
final class PayloadEntry<K> extends KeyedEntry<K, ByteBuffer> {
  /** The size class whose slab holds this entry. */
  final SizeClass<K> owner;
  /** Bytes of the value; written inside a write of the seqlock. */
  int length;
  private volatile int version;

  PayloadEntry(SizeClass<K> owner) {
    this.owner = owner;
  }

  int version() {
    return version;
  }

  /** Opens a write: the version is odd from here on; no byte is written before it is. */
  void beginWrite() {
    int v = version;
    if ((v & 1) == 0) {
      version = v + 1;
    }
    // The volatile write above orders what precedes it, not what follows: without this fence
    // the bytes written next could become visible while the version still reads even.
    VarHandle.storeStoreFence();
  }

  /** Closes a write: the bytes, the length and the key are published with the even version. */
  void endWrite() {
    version = version + 1; // volatile write: releases everything written since beginWrite
  }

  /** Records the value's length in an open write and counts it as requested by its class. */
  void written(int bytes) {
    length = bytes;
    owner.requested(bytes);
  }

  /** The slot's offset in its slab's block. */
  int offset() {
    return Slot.of(this).index * owner.slotSize;
  }

  ByteBuffer block() {
    return Slot.of(this).slab.block;
  }

  /** A read-only view of the value; valid while a reference is held. */
  @Override
  public ByteBuffer value() {
    return block().slice(offset(), length).asReadOnlyBuffer();
  }

  /** Frees the entry's state; the version stays odd until the slot is written again. */
  @Override
  void clear() {
    beginWrite();
    if (length != 0) {
      owner.requested(-length);
      length = 0;
    }
    super.clear();
  }

  @Override
  public String toString() {
    return "PayloadEntry[" + key + ", " + length + " bytes]";
  }
}
