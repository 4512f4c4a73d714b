package dev.slabpool.agent.trace;

/** A call site and how many references it holds right now (an MXBean composite). */
public final class CallSiteCount {
  private final String callSite;
  private final long references;

  CallSiteCount(String callSite, long references) {
    this.callSite = callSite;
    this.references = references;
  }

  /** The frames that took the references, innermost first, joined by {@code " < "}. */
  public String getCallSite() {
    return callSite;
  }

  /** References taken there and not released yet. */
  public long getReferences() {
    return references;
  }
}
