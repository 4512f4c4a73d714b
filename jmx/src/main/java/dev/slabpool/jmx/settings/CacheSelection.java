package dev.slabpool.jmx.settings;

import java.util.Set;

/**
 * What the {@code trace} setting selects: every cache, or caches by name.
 *
 * @param all whether every cache is selected ({@code *})
 * @param names the caches selected by name, empty when {@code all}
 */
public record CacheSelection(boolean all, Set<String> names) {
  /** The selection of every cache. */
  public static final CacheSelection ALL = new CacheSelection(true, Set.of());

  /** Copies the names. */
  public CacheSelection {
    names = Set.copyOf(names);
  }
}
