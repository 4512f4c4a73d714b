package dev.slabpool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of examples/README.md are the code of the files they name ({@code <!-- from:
 * path -->} before the block), line for line: the migration guide's code compiles and is run by
 * {@code MigrationGuideTest}, and cannot drift from it.
 */
class ReadmeSnippetsTest {
  private static final Pattern SNIPPET = Pattern.compile(
      "<!-- from: (\\S+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everySnippetIsTheCodeOfTheFileItNames() throws IOException {
    Matcher m = SNIPPET.matcher(Files.readString(Path.of("README.md")));
    int snippets = 0;
    while (m.find()) {
      snippets++;
      List<String> source = trimmed(Files.readAllLines(Path.of(m.group(1))));
      List<String> snippet = trimmed(List.of(m.group(2).split("\n")));
      assertThat(Collections.indexOfSubList(source, snippet))
          .as("README snippet %d is not in %s:%n%s", snippets, m.group(1), m.group(2))
          .isNotNegative();
    }
    assertThat(snippets).isEqualTo(7);
  }

  private static List<String> trimmed(List<String> lines) {
    List<String> t = new ArrayList<>();
    for (String l : lines) {
      t.add(l.strip());
    }
    return t;
  }
}
