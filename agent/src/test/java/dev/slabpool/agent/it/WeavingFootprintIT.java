package dev.slabpool.agent.it;

import static dev.slabpool.agent.it.Processes.INSTALLED;
import static dev.slabpool.agent.it.Processes.javaagent;
import static dev.slabpool.agent.it.Processes.startApp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.testkit.ChildJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Which of the agent's Byte Buddy classes a JVM loads, read from the JVM's own class-loading log
 * ({@code -verbose:class}, on the same standard output as the application's answers, so in
 * order): none until a {@code @PooledType} class is loaded, then only Byte Buddy's repackaged ASM
 * ({@code AgentBuilder}, type descriptions and type pools stay unloaded).
 */
class WeavingFootprintIT {
  private static final String SHADED = "dev.slabpool.agent.shaded.bytebuddy.";
  private static final Pattern LOADED = Pattern.compile("\\[class,load\\] (\\S+) source:");

  @Test
  void byteBuddyIsLoadedOnlyForTheFirstWovenClassAndThenOnlyItsAsm() {
    try (ChildJvm app = startApp("weaving-footprint",
        List.of("-verbose:class", javaagent("verbose=true")))) {
      app.await(INSTALLED, ChildJvm.patience());
      String keyed = app.ask("keyed late", "KEYED late", ChildJvm.patience());
      String woven = app.ask("weave Lease", "WOVEN Lease", ChildJvm.patience());
      assertThat(woven).contains("pooled=true", "afterRace=2", "reclaimed=1");
      List<String> output = app.output();
      int beforeWeaving = output.indexOf(keyed);
      int afterWeaving = output.indexOf(woven);

      List<String> early = shadedClasses(output.subList(0, beforeWeaving));
      assertThat(early).as("Byte Buddy classes loaded before any @PooledType class").isEmpty();
      List<String> weaving = shadedClasses(output.subList(beforeWeaving, afterWeaving));
      assertThat(weaving).as("Byte Buddy classes loaded to weave the first class")
          .isNotEmpty()
          .allMatch(c -> c.startsWith(SHADED + "jar.asm."))
          .doesNotContain(SHADED + "agent.builder.AgentBuilder");
      System.out.println("weaving the first @PooledType class loaded " + weaving.size()
          + " Byte Buddy classes: " + weaving);
    }
  }

  private static List<String> shadedClasses(List<String> lines) {
    List<String> classes = new ArrayList<>();
    for (String line : lines) {
      Matcher m = LOADED.matcher(line);
      if (m.find() && m.group(1).startsWith(SHADED)) {
        classes.add(m.group(1));
      }
    }
    return classes;
  }
}
