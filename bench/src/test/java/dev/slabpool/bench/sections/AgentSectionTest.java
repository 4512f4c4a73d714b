package dev.slabpool.bench.sections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.bench.InterleavedComparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSectionTest {

  /** A comparison whose trials return the given figures, round by round. */
  private static InterleavedComparison measured(Map<String, List<Double>> figures)
      throws Exception {
    int rounds = figures.values().iterator().next().size();
    return InterleavedComparison.run(List.copyOf(figures.keySet()), rounds,
        (side, round) -> figures.get(side).get(round - 1));
  }

  private static InterleavedComparison hotPath(List<Double> neverOn) throws Exception {
    Map<String, List<Double>> m = new LinkedHashMap<>();
    m.put(AgentSection.NO_AGENT, List.of(20.0, 10.0));
    m.put(AgentSection.TRACING_NEVER_ON, neverOn);
    m.put(AgentSection.TRACING_CYCLED, List.of(18.0, 11.0));
    m.put(AgentSection.TRACING_ON, List.of(0.1, 0.05));
    return measured(m);
  }

  private static InterleavedComparison startup() throws Exception {
    Map<String, List<Double>> m = new LinkedHashMap<>();
    m.put(AgentSection.NO_AGENT, List.of(200.0, 220.0, 210.0));
    m.put(AgentSection.EMPTY_AGENT, List.of(290.0, 280.0, 300.0));
    m.put(AgentSection.AGENT, List.of(420.0, 400.0, 410.0));
    m.put(AgentSection.WOVEN, List.of(1500.0, 1400.0, 1410.0));
    return measured(m);
  }

  @Test
  void theDocumentHasBothTablesTheDifferencesAndCitesTheInstructionTest() throws Exception {
    // never on: 22/20 = 1.1 and 9/10 = 0.9, median ratio 1.0 (the ratio of medians would be 1.033)
    String md = AgentSection.markdown(hotPath(List.of(22.0, 9.0)), startup(), 2);

    assertThat(md).contains("| no agent | 15.00 | 10.00 to 20.00 | 1.000 |")
        .contains("| agent, tracing never on | 15.50 | 9.00 to 22.00 | 1.000 |")
        .contains("| agent, tracing on (every cache) | 0.08 | 0.05 to 0.10 | 0.005 |")
        .contains("| slabpool agent (jmx=local) | 410 | 400 to 420 | 1.95 |")
        .contains("2 rounds of one fork per JVM").contains("3 runs each")
        .contains("overlap the no-agent JVM's: no difference this run can resolve")
        .contains(AgentSection.PROOF).contains("(200x slower)")
        .contains("any `-javaagent` costs the JVM 80 ms here")
        .contains("the slabpool agent adds 120 ms more")
        .contains("load Byte Buddy and weave: 1000 ms more");
  }

  @Test
  void aRangeApartFromTheNoAgentJvmsIsSaidToBeOutsideTheHotPathsCode() throws Exception {
    String md = AgentSection.markdown(hotPath(List.of(30.0, 25.0)), startup(), 2);

    assertThat(md).contains("does not overlap the no-agent JVM's, the difference cannot come"
        + " from the hot path's code");
  }
}
