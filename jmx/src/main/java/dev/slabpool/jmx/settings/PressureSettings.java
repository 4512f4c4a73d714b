package dev.slabpool.jmx.settings;

import dev.slabpool.jmx.pressure.MemoryPressure;

/**
 * Applies the memory-pressure settings of a configuration to a {@link MemoryPressure}: those a
 * source gave, and nothing else, so that applying a later configuration changes only what it
 * says. A value the trigger refuses (a threshold on a collector without a tenured pool) is
 * reported to the configuration's warning sink and changes nothing.
 */
public final class PressureSettings {
  private PressureSettings() {}

  /** Whether the configuration gives any memory-pressure setting. */
  public static boolean anyGiven(Configuration config) {
    return config.isGiven(Settings.PRESSURE_THRESHOLD) || config.isGiven(Settings.PRESSURE_FRACTION)
        || config.isGiven(Settings.PRESSURE_MIN_INTERVAL_MILLIS);
  }

  /** Applies the fraction and the interval, then the threshold (whose log line shows them). */
  public static void apply(Configuration config, MemoryPressure pressure) {
    if (config.isGiven(Settings.PRESSURE_FRACTION)) {
      try {
        pressure.fraction(config.get(Settings.PRESSURE_FRACTION));
      } catch (RuntimeException e) {
        refused(config, Settings.PRESSURE_FRACTION, e);
      }
    }
    if (config.isGiven(Settings.PRESSURE_MIN_INTERVAL_MILLIS)) {
      try {
        pressure.minIntervalMillis(config.get(Settings.PRESSURE_MIN_INTERVAL_MILLIS));
      } catch (RuntimeException e) {
        refused(config, Settings.PRESSURE_MIN_INTERVAL_MILLIS, e);
      }
    }
    if (config.isGiven(Settings.PRESSURE_THRESHOLD)) {
      try {
        pressure.threshold(config.get(Settings.PRESSURE_THRESHOLD));
      } catch (RuntimeException e) {
        refused(config, Settings.PRESSURE_THRESHOLD, e);
      }
    }
  }

  private static void refused(Configuration config, Setting<?> setting, RuntimeException e) {
    config.warn("could not apply " + setting.name() + "=" + setting.format(config.get(setting))
        + " from " + config.origin(setting) + ": " + e.getMessage());
  }
}
