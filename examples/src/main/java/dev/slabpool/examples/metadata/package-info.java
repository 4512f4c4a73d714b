/**
 * The metadata cache example service, the dentry/inode cache analog: {@link MetadataService} caches
 * the {@link FileMeta} of the paths of a directory tree in a keyed cache with the slab policy,
 * loads it from the file system on a miss through {@link MetadataTree}, and serves it as JSON over
 * HTTP on loopback. Example code, not API.
 */
package dev.slabpool.examples.metadata;
