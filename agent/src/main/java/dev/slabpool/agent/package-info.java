/**
 * The slabpool Java agent, loaded with {@code -javaagent:slabpool-agent.jar} at start-up or
 * attached to a running JVM: with no code in the application, it weaves {@code @PooledType}
 * classes, exposes the application's caches to operators and traces the references that pin
 * objects. {@link SlabpoolAgent} is the entry point; its settings (agent arguments, system
 * properties, environment, config file) are the jmx module's
 * {@link dev.slabpool.jmx.settings.Settings}, each listed in {@code --help} as an {@link Option},
 * and {@link AgentLog} reports to standard error.
 * These classes are the agent's implementation, not API: operators use the agent arguments, the
 * MBeans and the command line.
 */
package dev.slabpool.agent;
