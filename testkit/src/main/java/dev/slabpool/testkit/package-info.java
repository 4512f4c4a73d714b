/**
 * Test support shared by the modules' tests, never shipped: {@link ChildJvm} runs a child process
 * and lets tests wait on its output, {@link Host} is the one command protocol of the host programs
 * that tests run in a child JVM, {@link LocalJmx} connects to a local JVM the way JConsole
 * does, {@link Xvfb} gives a private X display, and {@link SwingDriver} with {@link GuiScript}
 * operates a real Swing tool (JConsole, VisualVM) by a script of steps. Not API.
 */
package dev.slabpool.testkit;
