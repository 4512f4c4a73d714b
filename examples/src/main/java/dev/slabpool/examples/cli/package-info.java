/**
 * What the example services share on the command line: {@link Flags} reads {@code --name value}
 * options and refuses unknown ones, {@link Sizes} reads and prints byte sizes,
 * {@link UsageException} reports a bad command line, and {@link ServiceMain} starts a service and
 * closes it from a shutdown hook on Ctrl-C. Example code, not API.
 */
package dev.slabpool.examples.cli;
