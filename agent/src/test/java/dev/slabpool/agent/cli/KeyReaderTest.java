package dev.slabpool.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slabpool.agent.cli.KeyReader.Key;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bytes typed at slabtop, fed to the key reader as a terminal would send them. */
class KeyReaderTest {

  private static List<Key> keys(String typed) {
    List<Key> keys = new ArrayList<>();
    new KeyReader(SlabTop.SORT_LETTERS).pump(
        new ByteArrayInputStream(typed.getBytes(StandardCharsets.ISO_8859_1)), keys::add);
    return keys;
  }

  @Test
  void slabtopLettersSortAndQQuits() {
    assertThat(keys("abclnosu")).extracting(Key::sort).containsExactly("active", "perslab",
        "bytes", "slabs", "name", "objects", "size", "use");
    assertThat(keys("q")).containsExactly(Key.QUIT);
    assertThat(keys("Q")).allMatch(Key::quit).hasSize(1);
    assertThat(keys("N")).containsExactly(new Key("name"));
  }

  @Test
  void otherKeysAreIgnored() {
    assertThat(keys("xyz123 \n\t\u007f")).isEmpty();
  }

  @Test
  void noByteOfAnEscapeSequenceIsTakenForALetter() {
    // up arrow (ESC [ A), application-mode arrow (ESC O B), F5 (ESC [ 1 5 ~), Alt+a (ESC a),
    // then n: only the n counts
    assertThat(keys("\033[A\033OB\033[15~\033an")).containsExactly(new Key("name"));
    // a sequence with parameters and a final letter that is a sort letter: ESC [ 1 ; 5 C
    assertThat(keys("\033[1;5Cq")).containsExactly(Key.QUIT);
  }

  @Test
  void readingStopsAtTheEndOfInputOrAtAFailure() {
    assertThat(keys("")).isEmpty();
    InputStream failing = new InputStream() {
      private int n;

      @Override
      public int read() throws IOException {
        if (n++ == 0) {
          return 'o';
        }
        throw new IOException("closed");
      }
    };
    List<Key> keys = new ArrayList<>();
    new KeyReader(SlabTop.SORT_LETTERS).pump(failing, keys::add);
    assertThat(keys).containsExactly(new Key("objects"));
  }
}
