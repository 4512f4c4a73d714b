package dev.slabpool.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slabpool.agent.cli.CliException.Exit;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Resolving a target against a made-up list of JVMs, as the Attach API would list them. */
class TargetResolverTest {
  private static final long SELF = 1;
  private static final List<Jvm> SEEN = List.of(
      new Jvm(SELF, "/opt/slabpool/slabpool-agent.jar PoolApp list"),
      new Jvm(100, "com.example.PoolApp --port 8080"),
      new Jvm(200, "com.example.PoolAppTwo"),
      new Jvm(300, "/srv/metadata-service.jar serve"),
      new Jvm(400, "org.codehaus.plexus.classworlds.launcher.Launcher -B verify PoolApp"),
      new Jvm(500, ""));

  private static long resolve(String target) throws CliException {
    return TargetResolver.resolve(target, () -> SEEN, SELF);
  }

  private static CliException failure(String target) {
    try {
      resolve(target);
    } catch (CliException e) {
      return e;
    }
    throw new AssertionError("resolved '" + target + "'");
  }

  @Test
  void aPidIsTakenAsItIsWithoutListingTheJvms() throws CliException {
    Supplier<List<Jvm>> never = () -> {
      throw new AssertionError("listed the JVMs for a pid");
    };
    assertThat(TargetResolver.resolve("4242", never, SELF)).isEqualTo(4242);
    assertThat(TargetResolver.resolve("+17", never, SELF)).isEqualTo(17);
  }

  @Test
  void pidsThatCannotBeAreUsageErrorsNamingThem() {
    for (String bad : List.of("0", "-5", "99999999999999999999")) {
      CliException e = failure(bad);
      assertThat(e.exit).as(bad).isEqualTo(Exit.USAGE);
      assertThat(e.getMessage()).isEqualTo("'" + bad + "' is not a process id");
    }
  }

  @Test
  void anExactMainClassSimpleNameOrJarNameWinsOverTheExpression() throws CliException {
    assertThat(resolve("PoolApp")).isEqualTo(100); // beside PoolAppTwo, which it also finds
    assertThat(resolve("com.example.PoolApp")).isEqualTo(100);
    assertThat(resolve("PoolAppTwo")).isEqualTo(200);
    assertThat(resolve("metadata-service.jar")).isEqualTo(300);
    assertThat(resolve("metadata-service")).isEqualTo(300);
    assertThat(resolve("/srv/metadata-service.jar")).isEqualTo(300);
  }

  @Test
  void otherwiseARegularExpressionIsFoundInTheMainClassOrJarOnly() throws CliException {
    assertThat(resolve("Two$")).isEqualTo(200);
    assertThat(resolve("meta.*service")).isEqualTo(300);
    assertThat(resolve("plexus")).isEqualTo(400);
    // "--port" and "verify" are arguments, not the main class: no match
    assertThat(failure("verify").exit).isEqualTo(Exit.NO_MATCH);
  }

  @Test
  void noMatchNamesThePatternAndTheJvmsSeenButNotItself() {
    CliException e = failure("Nothing.*Here");
    assertThat(e.exit).isEqualTo(Exit.NO_MATCH);
    assertThat(e.getMessage()).startsWith("no JVM matches 'Nothing.*Here'")
        .contains("100 com.example.PoolApp", "200 com.example.PoolAppTwo",
            "300 /srv/metadata-service.jar", "500 (no main class)")
        .doesNotContain("slabpool-agent.jar");
  }

  @Test
  void theCommandLinesOwnJvmIsNeverPicked() {
    // slabpool-agent.jar is the main jar of the CLI's own JVM only
    CliException e = failure("slabpool-agent");
    assertThat(e.exit).isEqualTo(Exit.NO_MATCH);
    assertThat(e.getMessage()).doesNotContain(SELF + " /opt");
  }

  @Test
  void moreThanOneMatchListsTheMatchesWithTheirPids() {
    CliException e = failure("com\\.example");
    assertThat(e.exit).isEqualTo(Exit.NO_MATCH);
    assertThat(e.getMessage()).isEqualTo("'com\\.example' matches 2 JVMs: 100 com.example.PoolApp,"
        + " 200 com.example.PoolAppTwo; give one's pid, or a narrower expression");
  }

  @Test
  void aBadRegularExpressionIsAUsageErrorNamingIt() {
    CliException e = failure("Pool[App");
    assertThat(e.exit).isEqualTo(Exit.USAGE);
    assertThat(e.getMessage()).startsWith("'Pool[App' is not a pid, and not a valid regular"
        + " expression: Unclosed character class");
    assertThat(failure(" ").exit).isEqualTo(Exit.USAGE);
  }
}
