package dev.slabpool.jmx.settings;

/** What the {@code jmx} setting asks of the agent: how the caches' MBeans are exposed. */
public enum MBeanExposure {
  /** MBeans on the platform MBeanServer only; no port is opened. */
  LOCAL,
  /** MBeans, and a remote JMX connector. */
  REMOTE,
  /** No MBeans at all: weaving and the {@code trace}, {@code policy} settings only. */
  NONE
}
