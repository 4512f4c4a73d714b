/**
 * The slabpool MBeans as a JMX client sees them: {@link SlabpoolClient} over any
 * {@code MBeanServerConnection}, with the object names (built here only: the jmx module and the
 * agent register their MBeans under them), the cache attributes the tools read with their Java
 * types ({@link CacheAttribute}), several of them read in one request ({@link CacheReading}), and
 * the operations they invoke ({@link Reclaimed} is the reply of a reclaim). The heat map, the
 * agent's command line and the examples use it.
 *
 * <p>This package needs only {@code java.management} and refers to no other slabpool class, so a
 * tool can carry it without the pool: the heat map jar has a copy of it.
 */
package dev.slabpool.jmx.client;
