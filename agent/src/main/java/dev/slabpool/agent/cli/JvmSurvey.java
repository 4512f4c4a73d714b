package dev.slabpool.agent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code list} with no target shows: every local JVM but this one, asked in turn how many
 * slabpool caches it has. A JVM that cannot be asked (gone meanwhile, refuses the attach, shows
 * no sign of slabpool) is skipped with the reason; it never fails the survey.
 */
final class JvmSurvey {

  private JvmSurvey() {}

  /** Asks a JVM for its caches. */
  interface Probe {
    /**
     * The number of slabpool caches of {@code jvm}.
     *
     * @throws Exception with the reason to skip it
     */
    int caches(Jvm jvm) throws Exception;
  }

  /**
   * A JVM with slabpool, and its cache count.
   *
   * @param jvm the JVM
   * @param caches its slabpool caches
   */
  record Found(Jvm jvm, int caches) {}

  /**
   * A JVM that was not listed, and why.
   *
   * @param jvm the JVM
   * @param reason why, for {@code --verbose} and the JSON output
   */
  record Skipped(Jvm jvm, String reason) {}

  /**
   * The outcome, in the order of the JVMs asked.
   *
   * @param found the JVMs with slabpool
   * @param skipped the others
   */
  record Survey(List<Found> found, List<Skipped> skipped) {}

  /** Asks each of {@code jvms} but {@code self}, in pid order. */
  static Survey survey(List<Jvm> jvms, long self, Probe probe) {
    List<Found> found = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    jvms.stream().filter(j -> j.pid() != self)
        .sorted((a, b) -> Long.compare(a.pid(), b.pid()))
        .forEach(jvm -> {
          try {
            found.add(new Found(jvm, probe.caches(jvm)));
          } catch (Exception e) {
            skipped.add(new Skipped(jvm, e.getMessage() != null ? e.getMessage() : e.toString()));
          }
        });
    return new Survey(List.copyOf(found), List.copyOf(skipped));
  }
}
