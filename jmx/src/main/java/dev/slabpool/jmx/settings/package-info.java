/**
 * The one configuration model of slabpool: every setting of the agent and of the jmx module,
 * listed once in {@link Settings}, each a {@link Setting} with one name from which its agent
 * argument, system property ({@code slabpool.<name>}), environment variable
 * ({@code SLABPOOL_<NAME>}) and MBean attribute names derive. {@link Configuration} resolves the
 * settings from the four {@link Source}s in order of precedence (agent arguments, system
 * properties, environment, the properties file named by {@code config}); parsing never fails: a
 * bad value, an unknown name or an unreadable file is reported to a warning sink, naming it and
 * where it came from, and the next source or the default is used. {@link AgentArguments} splits
 * the agent's comma-separated arguments, {@link ConfigFile} reads the file, and
 * {@link PressureSettings} applies the memory-pressure settings.
 */
package dev.slabpool.jmx.settings;
