package dev.slabpool.agent.app;

/** An application without slabpool on its class path, for the agent to leave alone. */
public final class NoPoolApp {
  private NoPoolApp() {}

  public static void main(String[] args) {
    System.out.println("READY " + ProcessHandle.current().pid());
  }
}
