package dev.slabpool.spring.config;

import dev.slabpool.jmx.DefaultPolicy;
import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.jmx.pressure.MemoryPressure;
import dev.slabpool.jmx.settings.MBeanExposure;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies the checked {@code slabpool.*} settings to the JVM: installs the slabpool MBeans and
 * JFR events ({@link SlabpoolJmx#install()}, once per JVM, shared with the agent if it is there)
 * unless {@code slabpool.jmx=none}, sets the memory-pressure values given (on a trigger of its own
 * without MBeans), and applies the default reclaim policy to every keyed cache. A value the
 * trigger refuses is reported, and skipped.
 *
 * <p>{@link #close()} stops applying the default policy and closes a trigger of its own. The
 * MBeans stay until the JVM exits: the installation is the JVM's (an agent, another application
 * context may use it).
 */
public final class SlabpoolSetup implements AutoCloseable {
  private final SlabpoolJmx jmx;
  private final MemoryPressure standalonePressure;
  private final DefaultPolicy defaultPolicy;

  /**
   * Applies the settings.
   *
   * @param warn receives the problems of applying them
   */
  public SlabpoolSetup(SlabpoolSettings settings, Consumer<String> warn) {
    this.jmx = settings.jmx() == MBeanExposure.NONE ? null : install(warn);
    boolean pressureGiven = settings.pressureThreshold() != null
        || settings.pressureFraction() != null || settings.pressureMinIntervalMillis() != null;
    // Without MBeans, as the agent does: a trigger of its own, closed with this setup.
    this.standalonePressure = jmx == null && pressureGiven ? new MemoryPressure() : null;
    MemoryPressure pressure = jmx != null ? jmx.pressure() : standalonePressure;
    if (pressure != null) {
      apply(warn, "slabpool.pressure.fraction", settings.pressureFraction(), pressure::fraction);
      apply(warn, "slabpool.pressure.min-interval-millis", settings.pressureMinIntervalMillis(),
          pressure::minIntervalMillis);
      // Last: the threshold arms the trigger with the other two in place.
      apply(warn, "slabpool.pressure.threshold", settings.pressureThreshold(),
          pressure::threshold);
    }
    if (settings.policy() != null) {
      defaultPolicy = new DefaultPolicy(settings.policy(),
          (message, failure) -> warn.accept(message + ": " + failure));
      defaultPolicy.start();
    } else {
      defaultPolicy = null;
    }
  }

  /** The MBeans, or {@code null} if they cannot be registered: the application runs without. */
  private static SlabpoolJmx install(Consumer<String> warn) {
    try {
      return SlabpoolJmx.install();
    } catch (RuntimeException e) {
      warn.accept("could not register the slabpool MBeans, running without them: " + e);
      return null;
    }
  }

  private static <T> void apply(Consumer<String> warn, String property, T value,
      Consumer<T> setter) {
    if (value != null) {
      try {
        setter.accept(value);
      } catch (RuntimeException e) {
        warn.accept("could not apply " + property + "=" + value + ": " + e.getMessage());
      }
    }
  }

  /** The MBeans' installation, empty with {@code slabpool.jmx=none}. */
  public Optional<SlabpoolJmx> jmx() {
    return Optional.ofNullable(jmx);
  }

  /** The memory-pressure trigger the settings went to, if any. */
  public Optional<MemoryPressure> pressure() {
    return jmx != null ? Optional.of(jmx.pressure()) : Optional.ofNullable(standalonePressure);
  }

  /** Stops applying the default reclaim policy to new caches; closes a trigger of its own. */
  @Override
  public void close() {
    if (defaultPolicy != null) {
      defaultPolicy.close();
    }
    if (standalonePressure != null) {
      standalonePressure.close();
    }
  }
}
