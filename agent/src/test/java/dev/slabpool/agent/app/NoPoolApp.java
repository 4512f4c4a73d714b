package dev.slabpool.agent.app;

import dev.slabpool.testkit.Host;

/**
 * An application without slabpool's pool on its class path, for the agent to leave alone: only
 * these test classes and the testkit, whose {@link Host} protocol it serves without commands of
 * its own ({@code READY <pid>}, then {@code end} returns from {@code main}).
 */
public final class NoPoolApp {
  private NoPoolApp() {}

  public static void main(String[] args) throws Exception {
    new Host().serve();
  }
}
