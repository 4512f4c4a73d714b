/**
 * The page cache example service: {@link PageService} serves pages of many sizes over HTTP from
 * a direct-memory payload cache, one slab cache per size class, each operable (and reclaimable)
 * through its own MBean; {@link PageRenderer} is its origin, rendering a page on a miss. Example
 * code, not API.
 */
package dev.slabpool.examples.pages;
