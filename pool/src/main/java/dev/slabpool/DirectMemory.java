package dev.slabpool;

import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Direct payload blocks, released the fastest way that is safe on the running JDK, chosen once:
 *
 * <ul>
 *   <li>{@code arena} (JDK 22 and later): a shared {@code java.lang.foreign.Arena} per block,
 *       closed on release. A buffer used after release throws {@link IllegalStateException}
 *       instead of touching freed memory. A block never released (its slab was still in use when
 *       the cache was destroyed, or the cache was dropped without {@code destroy()}) is closed by
 *       a {@link Cleaner} once unreachable: unlike {@code allocateDirect} memory, a shared arena
 *       is never freed by the GC on its own. Such memory is not counted in the {@code direct}
 *       buffer pool MXBean and not limited by {@code -XX:MaxDirectMemorySize}.
 *   <li>{@code gc} (older JDKs): {@code allocateDirect}; release only drops the block, and the
 *       buffer's own cleaner frees it once no slice of it is reachable. Memory comes back at the
 *       next GC, never under a buffer a caller still holds.
 *   <li>{@code cleaner} (older JDKs, {@link Payload#DIRECT_PROMPT} only):
 *       {@code sun.misc.Unsafe.invokeCleaner} frees the block at once; a buffer kept past the
 *       release of its slab then points at freed memory.
 * </ul>
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
  private static final Strategy GC = GcBlock::new;
  /** The strategy of {@link Payload#DIRECT}: always safe. */
  private static final Strategy SAFE = foreignArenaOr(GC);
  /** The strategy of {@link Payload#DIRECT_PROMPT}: prompt, unsafe before JDK 22. */
  private static final Strategy PROMPT = SAFE != GC ? SAFE : unsafeCleanerOr(GC);

  private DirectMemory() {}

  /** Allocates a zeroed block of {@code bytes} for a cache whose payload is {@code kind}. */
  static Block allocate(Payload kind, int bytes) {
    try {
      return strategy(kind).allocate(bytes);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("cannot allocate a direct block of " + bytes + " bytes", t);
    }
  }

  /**
   * How blocks of a {@code kind} payload are released on this JDK: {@code arena}, {@code gc} or
   * {@code cleaner}.
   */
  static String strategyName(Payload kind) {
    Strategy s = strategy(kind);
    return s == GC ? "gc" : s == SAFE ? "arena" : "cleaner";
  }

  private static Strategy strategy(Payload kind) {
    return switch (kind) {
      case DIRECT -> SAFE;
      case DIRECT_PROMPT -> PROMPT;
      default -> throw new IllegalArgumentException("not a direct payload: " + kind);
    };
  }

  private static Strategy foreignArenaOr(Strategy fallback) {
    if (Runtime.version().feature() < 22) {
      return fallback;
    }
    try {
      return foreignArena();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return fallback;
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

  private static Strategy unsafeCleanerOr(Strategy fallback) {
    try {
      return unsafeCleaner();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return fallback;
    }
  }

  private static Strategy unsafeCleaner() throws ReflectiveOperationException {
    Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
    Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
    theUnsafe.setAccessible(true);
    MethodHandle invokeCleaner = MethodHandles.lookup()
        .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
        .bindTo(theUnsafe.get(null));
    return bytes -> new GcBlock(bytes) {
      @Override
      public void release() {
        try {
          invokeCleaner.invokeExact(buffer());
        } catch (Throwable t) {
          throw new IllegalStateException("cannot release a direct slab block", t);
        }
      }
    };
  }

  private static class GcBlock implements Block {
    private final ByteBuffer buffer;

    GcBlock(int bytes) {
      this.buffer = ByteBuffer.allocateDirect(bytes);
    }

    @Override
    public ByteBuffer buffer() {
      return buffer;
    }

    @Override
    public void release() {
      // Left to the buffer's cleaner: it runs once the GC finds no slice pointing into the block.
    }
  }
}
