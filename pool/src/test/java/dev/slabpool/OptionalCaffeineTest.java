package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.testkit.ChildJvm;
import java.io.File;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Caffeine is optional: a JVM without it uses the pool, and only the caffeine policy says no. */
class OptionalCaffeineTest {

  @Test
  void withoutCaffeineOnTheClassPathOnlyTheCaffeinePolicyIsRefusedAndSaysWhy() {
    String classPath = Arrays.stream(System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")).split(File.pathSeparator))
        .filter(entry -> !entry.contains("caffeine"))
        .collect(Collectors.joining(File.pathSeparator));
    try (ChildJvm child = ChildJvm.java(WithoutCaffeine.class.getName()).classPath(classPath)
        .name("without-caffeine").start()) {
      int exit = child.awaitExit(ChildJvm.patience());
      String out = String.join("\n", child.output());
      assertThat(exit).as(out).isZero();
      assertThat(out).contains("no Caffeine on the class path")
          .contains("refused: cache 'without-caffeine': the caffeine policy needs Caffeine"
              + " (com.github.ben-manes.caffeine:caffeine) on the class path")
          .contains("build refused: cache 'built-with-caffeine': the caffeine policy needs")
          .contains("done");
    }
  }
}
