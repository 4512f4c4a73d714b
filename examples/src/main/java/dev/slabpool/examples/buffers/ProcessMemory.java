package dev.slabpool.examples.buffers;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The memory of this process as the operating system and the JDK see it, to show what a reclaim
 * of direct payload slabs gives back.
 *
 * <p>Where freed slab memory goes: the JDK allocates direct memory with {@code malloc}. glibc
 * returns a freed block to the OS at once only if it was mapped on its own (above the mmap
 * threshold, which glibc raises dynamically after such a block is freed); other freed blocks stay
 * in its heap until it is trimmed. {@link #trimNativeHeap()} asks the JVM to trim it
 * ({@code jcmd <pid> System.trim_native_heap}).
 */
public final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

  private ProcessMemory() {}

  /** Resident memory (Linux {@code VmRSS}) in bytes, or -1 where it cannot be read. */
  public static long residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: reported as unknown
    }
    return -1;
  }

  /** The JDK's {@code direct} buffer pool: buffers, bytes used and capacity. */
  public static Map<String, Object> directPool() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        m.put("count", pool.getCount());
        m.put("usedBytes", pool.getMemoryUsed());
        m.put("capacityBytes", pool.getTotalCapacity());
      }
    }
    return m;
  }

  /** Bytes the {@code direct} buffer pool counts as used. */
  public static long directPoolBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(p -> p.getName().equals("direct"))
        .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }

  /**
   * How direct payload slabs are accounted on this JDK: before JDK 22 they are direct
   * {@code ByteBuffer}s, counted in the {@code direct} pool; from JDK 22 on they are memory
   * segments of FFM arenas, which that pool does not count (only resident memory shows them).
   */
  public static String payloadAccounting() {
    return Runtime.version().feature() >= 22
        ? "FFM arenas, not counted in the 'direct' buffer pool (JDK 22+)"
        : "direct ByteBuffers, counted in the 'direct' buffer pool";
  }

  /**
   * Asks the JVM to return the free memory of the C heap to the OS, through its
   * {@code System.trim_native_heap} diagnostic command.
   *
   * @return {@code false} where the JVM does not offer it
   */
  public static boolean trimNativeHeap() {
    try {
      ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND),
          "systemTrimNativeHeap", new Object[] {null}, new String[] {String[].class.getName()});
      return true;
    } catch (JMException | RuntimeException e) {
      return false;
    }
  }
}
