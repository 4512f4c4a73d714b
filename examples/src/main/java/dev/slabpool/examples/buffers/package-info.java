/**
 * The buffer-pool example service: {@link BufferService} serves HTTP requests with
 * {@link RequestBuffer}s borrowed from a slab cache whose slabs are direct memory blocks, and
 * {@link ProcessMemory} shows what a reclaim of those slabs gives back to the operating system.
 * Example code, not API.
 */
package dev.slabpool.examples.buffers;
