package dev.slabpool;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Run in a child JVM, alone, so no other test's direct memory moves the figures: measures the
 * JVM's direct memory, works a {@link Payload#DIRECT} payload cache (puts of every size class,
 * replaces, removes, views held and released, compaction, reclaim), destroys it and measures
 * again. Before JDK 22 the blocks are {@code allocateDirect} buffers, counted by the
 * {@code direct} buffer pool MXBean and freed by the GC once unreachable; from JDK 22 they are
 * FFM arenas closed at once, which that pool does not count, so the figure is Native Memory
 * Tracking's "Other" category (where {@code Unsafe.allocateMemory}, and so every arena, is
 * counted; the child runs with {@code -XX:NativeMemoryTracking=summary}), read with no GC in
 * between. Prints {@code measure=M unit=U baseline=B working=W bytesHeld=H after=A}.
 */
public final class PayloadMemoryReturn {
  private static final int SLAB = 64 * 1024;
  private static final Pattern OTHER = Pattern.compile(
      "-\\s+Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

  private PayloadMemoryReturn() {}

  public static void main(String[] args) throws Exception {
    boolean arenas = Runtime.version().feature() >= 22;
    long baseline = arenas ? nmtOtherKb() : settledDirectPool(-1);
    PayloadCache<String, byte[]> c = PayloadCache.<String, byte[]>builder("memory-return",
            ValueCodec.bytes())
        .payload(Payload.DIRECT).slabSize(SLAB).growthFactor(2).memoryCapBytes(64L * SLAB)
        .arenas(2).registered(false).build();
    ByteBuffer dst = ByteBuffer.allocate(SLAB);
    for (int i = 0; i < 4000; i++) {
      int length = (1 + (int) ((i * 2654435761L) % SLAB)) >>> (i % 11); // 0 to SLAB
      c.put("k" + i % 1500, new byte[length]);
      if (i % 3 == 0) {
        c.remove("k" + (i * 7) % 1500);
      }
      if (i % 5 == 0) {
        CacheEntry<String, ByteBuffer> e = c.lookup("k" + (i * 13) % 1500);
        if (e != null) {
          c.release(e);
        }
      }
      c.get("k" + (i * 17) % 1500, dst.clear());
    }
    c.compact();
    c.reclaim(3);
    long bytesHeld = c.bytesHeld();
    long working = arenas ? nmtOtherKb() : directPool();
    PayloadChecks.check(c);
    c.destroy();
    long after = arenas ? nmtOtherKb() : settledDirectPool(baseline);
    System.out.println("measure=" + (arenas ? "nmt-other" : "direct-pool") + " unit="
        + (arenas ? "KB" : "bytes") + " baseline=" + baseline + " working=" + working
        + " bytesHeld=" + bytesHeld + " after=" + after + " held-after-destroy=" + c.bytesHeld());
  }

  private static long directPool() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow().getMemoryUsed();
  }

  /** The direct pool once the GC has freed what it can (until it reads {@code target}). */
  private static long settledDirectPool(long target) {
    Gc.until(() -> directPool() == target);
    return directPool();
  }

  /** NMT's committed "Other" memory in KB. */
  private static long nmtOtherKb() throws Exception {
    String summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
        new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
    Matcher m = OTHER.matcher(summary);
    if (!m.find()) {
      throw new AssertionError("no Other category in NMT's summary:\n" + summary);
    }
    return Long.parseLong(m.group(2));
  }
}
