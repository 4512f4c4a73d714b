package dev.slabpool.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the bytes typed at a running {@code slabtop} into its commands: {@code q} quits, the
 * letters of {@link SlabTop#SORT_LETTERS} change the sort (either case). Everything else is
 * ignored, escape sequences (arrow and function keys, Alt with a letter) included, so that no
 * byte of them is taken for a letter.
 */
final class KeyReader {

  /** A command typed at slabtop: quit, or sort by {@code sort}. */
  record Key(String sort) {
    /** The {@code q} key. */
    static final Key QUIT = new Key(null);

    boolean quit() {
      return sort == null;
    }
  }

  private static final int ESC = 0x1b;

  private enum State { TEXT, ESCAPE, SEQUENCE }

  private final Map<Character, String> letters;
  private State state = State.TEXT;

  /** A reader of the keys {@code q} and {@code letters} (letter to sort key). */
  KeyReader(Map<Character, String> letters) {
    this.letters = Map.copyOf(letters);
  }

  /** The command that byte {@code b} completes, or {@code null}. */
  Key feed(int b) {
    switch (state) {
      case ESCAPE -> {
        // ESC [ and ESC O start a sequence; ESC and any other byte (Alt+key) is one key.
        state = b == '[' || b == 'O' ? State.SEQUENCE : State.TEXT;
        return null;
      }
      case SEQUENCE -> {
        if (b >= 0x40 && b <= 0x7e) { // the final byte of a control sequence
          state = State.TEXT;
        }
        return null;
      }
      default -> {
        if (b == ESC) {
          state = State.ESCAPE;
          return null;
        }
        char c = Character.toLowerCase((char) b);
        if (c == 'q') {
          return Key.QUIT;
        }
        String sort = letters.get(c);
        return sort == null ? null : new Key(sort);
      }
    }
  }

  /**
   * Feeds every byte of {@code in} until its end, or until it fails, giving each command to
   * {@code keys}.
   */
  void pump(InputStream in, Consumer<Key> keys) {
    try {
      for (int b = in.read(); b >= 0; b = in.read()) {
        Key key = feed(b);
        if (key != null) {
          keys.accept(key);
        }
      }
    } catch (IOException e) {
      // standard input closed or failed: no more keys
    }
  }
}
