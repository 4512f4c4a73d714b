package dev.slabpool.spring.autoconfigure;

import dev.slabpool.jmx.SlabpoolJmx;
import dev.slabpool.spring.config.SlabpoolProperties;
import dev.slabpool.spring.config.SlabpoolSettings;
import dev.slabpool.spring.config.SlabpoolSetup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * slabpool in a Spring Boot application: the {@code slabpool.*} properties, checked (a bad value
 * is logged as a warning on this class's logger and skipped), and applied: the slabpool MBeans on
 * the platform MBeanServer ({@link SlabpoolJmx}) unless {@code slabpool.jmx=none}, memory
 * pressure, the default reclaim policy.
 */
@AutoConfiguration
@EnableConfigurationProperties(SlabpoolProperties.class)
public class SlabpoolAutoConfiguration {
  private static final Log LOG = LogFactory.getLog(SlabpoolAutoConfiguration.class);

  /** The auto-configuration; Spring makes it. */
  public SlabpoolAutoConfiguration() {}

  /** The checked properties. */
  @Bean
  @ConditionalOnMissingBean
  public SlabpoolSettings slabpoolSettings(SlabpoolProperties properties) {
    return new SlabpoolSettings(properties, SlabpoolAutoConfiguration::warn);
  }

  /** The settings applied to the JVM. */
  @Bean
  @ConditionalOnMissingBean
  public SlabpoolSetup slabpoolSetup(SlabpoolSettings settings) {
    return new SlabpoolSetup(settings, SlabpoolAutoConfiguration::warn);
  }

  static void warn(String message) {
    LOG.warn("slabpool: " + message);
  }
}
