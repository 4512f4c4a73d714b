/**
 * The VisualVM plugin: a Slabs tab, with the shared slab heat map, for every application whose JMX
 * connection shows slabpool MBeans. {@link Installer} registers the view when VisualVM loads the
 * module and removes it when the module is unloaded. Not API.
 */
package dev.slabpool.visualvm;
