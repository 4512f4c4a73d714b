package dev.slabpool.heatmap;

/**
 * A cache MBean as a slabpool older than {@code RequestedBytes} registers it, with a few of the
 * figures the panel reads: what the panel must show without the newer attributes.
 */
public interface OldServerCacheMBean {
  long getBytesHeld();

  long getTotalSlabs();

  long getActiveSlabs();
}
