/**
 * The {@code slabpool.*} properties of a Spring Boot application: as written
 * ({@link dev.slabpool.spring.config.SlabpoolProperties}), checked
 * ({@link dev.slabpool.spring.config.SlabpoolSettings}) and applied to the JVM
 * ({@link dev.slabpool.spring.config.SlabpoolSetup}).
 */
package dev.slabpool.spring.config;
