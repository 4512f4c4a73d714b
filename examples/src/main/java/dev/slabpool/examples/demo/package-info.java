/**
 * The demo behind {@code ./demo}: {@link Demo} starts the metadata cache service with the slabpool
 * agent as its own process, warms it up, then, as an operator would, reads its density and reclaims
 * half of its slabs over JMX through a {@link CacheConnection}. Example code, not API.
 */
package dev.slabpool.examples.demo;
