package dev.slabpool.bench.agent;

import java.lang.instrument.Instrumentation;

/**
 * An agent that does nothing: what any {@code -javaagent} costs the JVM at start-up (it resolves
 * {@code java.instrument} and gives up the archived module graph), the baseline the slabpool
 * agent's own cost is read against.
 */
public final class EmptyAgent {
  private EmptyAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    // nothing
  }
}
