/**
 * The Spring Boot auto-configurations of slabpool, listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}: the
 * settings and MBeans, the meters, the cache manager.
 */
package dev.slabpool.spring.autoconfigure;
