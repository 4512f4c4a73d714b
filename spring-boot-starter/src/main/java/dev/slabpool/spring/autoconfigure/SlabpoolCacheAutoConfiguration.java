package dev.slabpool.spring.autoconfigure;

import dev.slabpool.spring.cache.SlabpoolCacheManager;
import dev.slabpool.spring.config.SlabpoolSettings;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;

/**
 * A {@link SlabpoolCacheManager} for an application that enables caching
 * ({@code @EnableCaching}) and defines no {@code CacheManager} of its own; before Spring Boot's
 * cache auto-configuration, which then keeps it. {@code slabpool.cache.enabled=false} turns it off.
 */
@AutoConfiguration(before = CacheAutoConfiguration.class, after = SlabpoolAutoConfiguration.class)
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(CacheManager.class)
@ConditionalOnProperty(prefix = "slabpool.cache", name = "enabled", matchIfMissing = true)
public class SlabpoolCacheAutoConfiguration {

  /** The auto-configuration; Spring makes it. */
  public SlabpoolCacheAutoConfiguration() {}

  /** The cache manager, built as {@code slabpool.cache.*} says. */
  @Bean
  public SlabpoolCacheManager cacheManager(SlabpoolSettings settings) {
    return new SlabpoolCacheManager(settings::cacheSpec, settings.allowNullValues(),
        settings.cacheNames());
  }
}
