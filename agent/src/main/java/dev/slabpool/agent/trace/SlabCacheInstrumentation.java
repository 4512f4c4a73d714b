package dev.slabpool.agent.trace;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.utility.JavaModule;

/**
 * Puts {@link TraceAdvice} into {@code dev.slabpool.SlabCache} by retransformation, in every
 * class loader that has loaded it and in those that load it later, and takes it out again: the
 * transformer is removed and the classes retransformed without it, which gives them back their
 * original bytes. Retransformation neither adds nor removes members, so it can be done any number
 * of times on a running JVM.
 */
final class SlabCacheInstrumentation {
  static final String SLAB_CACHE = "dev.slabpool.SlabCache";

  private final Instrumentation instrumentation;
  private ResettableClassFileTransformer transformer;

  SlabCacheInstrumentation(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  boolean isInstalled() {
    return transformer != null;
  }

  /**
   * Instruments {@code SlabCache}.
   *
   * @throws IllegalStateException if a loaded {@code SlabCache} could not be retransformed;
   *     nothing is left instrumented then
   */
  void install() {
    if (transformer != null) {
      return;
    }
    Failures failures = new Failures();
    ResettableClassFileTransformer installed = new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        // A class the JVM refuses to retransform fails installOn, which then deregisters.
        .with(AgentBuilder.RedefinitionStrategy.Listener.ErrorEscalating.FAIL_FAST)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(failures)
        .type(named(SLAB_CACHE))
        .transform((builder, type, loader, module, domain) -> builder
            .visit(Advice.to(TraceAdvice.Allocate.class).on(named("allocate")
                .and(takesArguments(0))))
            .visit(Advice.to(TraceAdvice.Retain.class).on(named("retain")
                .and(takesArguments(1))))
            .visit(Advice.to(TraceAdvice.Release.class).on(named("release")
                .and(takesArguments(1)).or(named("free").and(takesArguments(1))))))
        .installOn(instrumentation);
    if (!failures.list.isEmpty()) {
      installed.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
      throw new IllegalStateException("could not instrument " + SLAB_CACHE + ": "
          + failures.list);
    }
    transformer = installed;
  }

  /** Removes the instrumentation and restores the original code of {@code SlabCache}. */
  void remove() {
    if (transformer == null) {
      return;
    }
    ResettableClassFileTransformer installed = transformer;
    transformer = null;
    installed.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
  }

  /** Collects failures to build the advice into a class (the default listener drops them). */
  private static final class Failures extends AgentBuilder.Listener.Adapter {
    final List<String> list = new ArrayList<>();

    @Override
    public synchronized void onError(String typeName, ClassLoader loader, JavaModule module,
        boolean loaded, Throwable failure) {
      list.add(typeName + " in " + loader + ": " + failure);
    }
  }
}
