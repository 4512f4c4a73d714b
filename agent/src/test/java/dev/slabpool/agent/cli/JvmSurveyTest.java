package dev.slabpool.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.agent.cli.JvmSurvey.Found;
import dev.slabpool.agent.cli.JvmSurvey.Skipped;
import dev.slabpool.agent.cli.JvmSurvey.Survey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code list} with no target over made-up JVMs, some of which cannot be asked. */
class JvmSurveyTest {

  @Test
  void oneJvmFailingSkipsItWithItsReasonAndTheOthersAreListed() {
    Jvm self = new Jvm(5, "slabpool-agent.jar list");
    Jvm app = new Jvm(30, "com.example.App");
    Jvm gone = new Jvm(10, "com.example.Gone");
    Jvm plain = new Jvm(20, "org.example.NoPool");
    List<Jvm> asked = new ArrayList<>();
    Survey survey = JvmSurvey.survey(List.of(app, self, plain, gone), 5, jvm -> {
      asked.add(jvm);
      if (jvm == gone) {
        throw new IOException("No such process");
      }
      if (jvm == plain) {
        throw new CliException(CliException.Exit.UNREACHABLE, "no slabpool agent");
      }
      return 3;
    });
    assertThat(asked).containsExactly(gone, plain, app); // in pid order, never itself
    assertThat(survey.found()).containsExactly(new Found(app, 3));
    assertThat(survey.skipped()).containsExactly(new Skipped(gone, "No such process"),
        new Skipped(plain, "no slabpool agent"));
  }

  @Test
  void aFailureWithoutMessageIsNamedByItsType() {
    Survey survey = JvmSurvey.survey(List.of(new Jvm(7, "x.Y")), 1, jvm -> {
      throw new IllegalStateException();
    });
    assertThat(survey.skipped()).extracting(Skipped::reason)
        .containsExactly("java.lang.IllegalStateException");
  }
}
