/**
 * The operators' command line of the agent jar,
 * {@code java -jar slabpool-agent.jar <target> <command>}: it resolves the target (a pid, a main
 * class or jar, or a regular expression over them) among the local JVMs, attaches, loading the
 * agent when its MBeans are not there yet, and over the JVM's local JMX connector lists the
 * caches, shows them live like {@code slabtop}, reclaims, switches a keyed cache's policy and
 * drives the pin tracer; {@code list} alone surveys every local JVM. {@link Main} is the entry
 * point; the package is internal to the agent and not API.
 */
package dev.slabpool.agent.cli;
