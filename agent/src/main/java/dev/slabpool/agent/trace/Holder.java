package dev.slabpool.agent.trace;

/** One reference held right now: who took it, when, and on what (an MXBean composite). */
public final class Holder {
  private final String callSite;
  private final String thread;
  private final long ageMillis;
  private final String object;

  Holder(String callSite, String thread, long ageMillis, String object) {
    this.callSite = callSite;
    this.thread = thread;
    this.ageMillis = ageMillis;
    this.object = object;
  }

  /** The frames that took the reference, innermost first, joined by {@code " < "}. */
  public String getCallSite() {
    return callSite;
  }

  /** The name of the thread that took it. */
  public String getThread() {
    return thread;
  }

  /** How long it has been held, in milliseconds. */
  public long getAgeMillis() {
    return ageMillis;
  }

  /** The pooled object, as {@code class@identityHash}. */
  public String getObject() {
    return object;
  }
}
