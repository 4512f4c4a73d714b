package dev.slabpool.bench.payload;

/** The caches compared at equal bytes, in report order. */
public enum PeerKind {
  /** slabpool's payload cache. */
  SLABPOOL,
  /** Caffeine with a weigher of the values' lengths. */
  CAFFEINE,
  /** OHC. */
  OHC,
  /** Ehcache 3's off-heap store. */
  EHCACHE;

  /**
   * A cache of this kind at {@code capBytes}; slabpool's of slabs of {@code slabSize} bytes and
   * smallest slot {@code smallestSlot}.
   */
  public PayloadPeer create(long capBytes, int slabSize, int smallestSlot) {
    return switch (this) {
      case SLABPOOL -> SlabpoolPeer.of(capBytes, slabSize, smallestSlot);
      case CAFFEINE -> new CaffeinePeer(capBytes);
      case OHC -> new OhcPeer(capBytes);
      case EHCACHE -> new EhcachePeer(capBytes);
    };
  }
}
