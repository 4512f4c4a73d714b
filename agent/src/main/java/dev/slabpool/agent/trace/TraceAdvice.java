package dev.slabpool.agent.trace;

import dev.slabpool.ManagedCache;
import net.bytebuddy.asm.Advice;

/**
 * The code inlined into {@code dev.slabpool.SlabCache} while pin tracing is on: after a
 * reference is taken ({@code allocate}, a successful {@code retain}) or dropped ({@code release},
 * {@code free}), it tells the {@link PinTracer}. Only normal returns are traced: a call that
 * throws took or dropped nothing. Every keyed cache takes and drops its references through the
 * slab cache that stores its entries, which has the keyed cache's name, so these four methods are
 * the narrowest point that sees every reference with the cache it belongs to. The cache's name is
 * read through {@link ManagedCache#name()}, not a field, so the pool's fields stay its own.
 */
final class TraceAdvice {
  private TraceAdvice() {}

  /** After {@code allocate()}: the caller holds the new object's first reference. */
  static final class Allocate {
    private Allocate() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This ManagedCache cache, @Advice.Return Object object) {
      PinTracer.taken(cache.name(), object);
    }
  }

  /** After {@code retain(object)}: a reference was taken if it answered {@code true}. */
  static final class Retain {
    private Retain() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This ManagedCache cache, @Advice.Argument(0) Object object,
        @Advice.Return boolean taken) {
      if (taken) {
        PinTracer.taken(cache.name(), object);
      }
    }
  }

  /** After {@code release(object)} or {@code free(object)}: the caller dropped a reference. */
  static final class Release {
    private Release() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This ManagedCache cache, @Advice.Argument(0) Object object) {
      PinTracer.released(cache.name(), object);
    }
  }
}
