package dev.slabpool.agent;

import dev.slabpool.jmx.settings.Setting;
import dev.slabpool.jmx.settings.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent argument as {@code --help} lists it: one {@link Setting} of the one settings model
 * ({@link Settings}), whose name is the argument's key. The agent reads its settings through
 * {@link dev.slabpool.jmx.settings.Configuration}; this class only describes them.
 *
 * @param <T> the parsed value
 */
public final class Option<T> {

  /** Every agent argument, in the order the documentation lists them. */
  public static final List<Option<?>> ALL = all();

  private final Setting<T> setting;

  private Option(Setting<T> setting) {
    this.setting = setting;
  }

  private static List<Option<?>> all() {
    List<Option<?>> all = new ArrayList<>();
    for (Setting<?> s : Settings.ALL) {
      all.add(of(s));
    }
    return List.copyOf(all);
  }

  private static <T> Option<T> of(Setting<T> setting) {
    return new Option<>(setting);
  }

  /** The setting this argument sets. */
  public Setting<T> setting() {
    return setting;
  }

  /** The key, as written in the agent arguments: the setting's name. */
  public String key() {
    return setting.name();
  }

  /** The value used when no source gives one, or {@code null} for "leave as it is". */
  public T defaultValue() {
    return setting.defaultValue();
  }

  /** The default as it would be written in the arguments, or {@code null} if there is none. */
  public String defaultText() {
    return setting.defaultText();
  }

  /** What values are accepted, for messages and help. */
  public String accepts() {
    return setting.accepts();
  }

  /** What the option does. */
  public String description() {
    return setting.description();
  }

  @Override
  public String toString() {
    return key();
  }
}
