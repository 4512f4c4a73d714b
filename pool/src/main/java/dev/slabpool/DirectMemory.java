package dev.slabpool;

import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Direct payload blocks that are released when their slab is given back, not when the GC gets to
 * them. Three strategies, the best the running JDK allows, chosen once:
 *
 * <ol>
 *   <li>JDK 22 and later: a shared {@code java.lang.foreign.Arena} per block, closed on release.
 *       A buffer used after release throws {@link IllegalStateException} instead of reading freed
 *       memory. A block never released (its slab was still in use when the cache was destroyed,
 *       or the cache was dropped without {@code destroy()}) is closed by a {@link Cleaner} once
 *       unreachable: unlike {@code allocateDirect} memory, a shared arena is never freed by the
 *       GC on its own. Such memory is not counted in the {@code direct} buffer pool MXBean and
 *       not limited by {@code -XX:MaxDirectMemorySize}.
 *   <li>Older JDKs: {@code sun.misc.Unsafe.invokeCleaner}, which frees the memory at once; a
 *       buffer kept past the release of its slab then points at freed memory, so payload buffers
 *       must not outlive the object they belong to.
 *   <li>Neither available: the block is left to the GC.
 * </ol>
 */
final class DirectMemory {

  /** One direct block: its buffer and the way to give it back. */
  interface Block {
    ByteBuffer buffer();

    void release();
  }

  private interface Strategy {
    Block allocate(int bytes) throws Throwable;
  }

  private static final Cleaner CLEANER = Cleaner.create();
  private static final Strategy STRATEGY = choose();
  private static String strategyName;

  private DirectMemory() {}

  /** Allocates a zeroed block of {@code bytes}. */
  static Block allocate(int bytes) {
    try {
      return STRATEGY.allocate(bytes);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("cannot allocate a direct block of " + bytes + " bytes", t);
    }
  }

  /** How blocks are released on this JDK: {@code arena}, {@code cleaner} or {@code gc}. */
  static String strategy() {
    return strategyName;
  }

  private static Strategy choose() {
    if (Runtime.version().feature() >= 22) {
      try {
        Strategy s = foreignArena();
        strategyName = "arena";
        return s;
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fall through to the next strategy
      }
    }
    try {
      Strategy s = unsafeCleaner();
      strategyName = "cleaner";
      return s;
    } catch (ReflectiveOperationException | RuntimeException e) {
      strategyName = "gc";
      return bytes -> new GcBlock(ByteBuffer.allocateDirect(bytes));
    }
  }

  private static Strategy foreignArena() throws ReflectiveOperationException {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    Class<?> arena = Class.forName("java.lang.foreign.Arena");
    Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
    MethodHandle ofShared = lookup.findStatic(arena, "ofShared", MethodType.methodType(arena))
        .asType(MethodType.methodType(AutoCloseable.class));
    MethodHandle allocate = lookup.findVirtual(arena, "allocate",
            MethodType.methodType(segment, long.class, long.class))
        .asType(MethodType.methodType(Object.class, AutoCloseable.class, long.class, long.class));
    MethodHandle asByteBuffer = lookup.findVirtual(segment, "asByteBuffer",
            MethodType.methodType(ByteBuffer.class))
        .asType(MethodType.methodType(ByteBuffer.class, Object.class));
    return bytes -> {
      AutoCloseable scope = (AutoCloseable) ofShared.invokeExact();
      ByteBuffer buffer;
      try {
        Object memory = (Object) allocate.invokeExact(scope, (long) bytes, 8L);
        buffer = (ByteBuffer) asByteBuffer.invokeExact(memory);
      } catch (Throwable t) {
        scope.close();
        throw t;
      }
      // Payload slices keep this root buffer reachable (their attachment), so the cleaner runs
      // only when no slice is left. Its action holds the scope, never the buffer.
      Cleaner.Cleanable closer = CLEANER.register(buffer, () -> close(scope));
      return new Block() {
        @Override
        public ByteBuffer buffer() {
          return buffer;
        }

        @Override
        public void release() {
          closer.clean(); // runs the action at most once
        }
      };
    };
  }

  private static void close(AutoCloseable scope) {
    try {
      scope.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot release a direct slab block", e);
    }
  }

  private static Strategy unsafeCleaner() throws ReflectiveOperationException {
    Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
    Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
    theUnsafe.setAccessible(true);
    MethodHandle invokeCleaner = MethodHandles.lookup()
        .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
        .bindTo(theUnsafe.get(null));
    return bytes -> {
      ByteBuffer buffer = ByteBuffer.allocateDirect(bytes);
      return new GcBlock(buffer) {
        @Override
        public void release() {
          try {
            invokeCleaner.invokeExact(buffer);
          } catch (Throwable t) {
            throw new IllegalStateException("cannot release a direct slab block", t);
          }
        }
      };
    };
  }

  private static class GcBlock implements Block {
    private final ByteBuffer buffer;

    GcBlock(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public ByteBuffer buffer() {
      return buffer;
    }

    @Override
    public void release() {
      // left to the GC
    }
  }
}
