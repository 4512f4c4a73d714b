/**
 * Load-time weaving of the refcount into classes annotated {@code @dev.slabpool.PooledType}, so
 * that they live in a slab cache without extending {@code PooledObject}. {@link PooledTypeWeaver}
 * is the class-file transformer the agent registers; only the few classes that mention the
 * annotation reach Byte Buddy, which is loaded on the first of them. Classes loaded before the
 * agent cannot be woven. Internal to the agent; not API.
 */
package dev.slabpool.agent.weave;
