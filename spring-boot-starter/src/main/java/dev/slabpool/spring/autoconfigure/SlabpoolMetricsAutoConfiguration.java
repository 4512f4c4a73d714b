package dev.slabpool.spring.autoconfigure;

import dev.slabpool.jmx.micrometer.SlabpoolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The slabpool meters ({@link SlabpoolMetrics}: Micrometer's cache meters of every keyed cache
 * and the slab meters of every cache) when Micrometer is on the class path and the application
 * has a {@link MeterRegistry}. With Spring Boot Actuator the binder is bound like any
 * {@code MeterBinder} bean, to every registry; without, it is bound here to each registry bean.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class SlabpoolMetricsAutoConfiguration {

  /** The auto-configuration; Spring makes it. */
  public SlabpoolMetricsAutoConfiguration() {}

  /** The binder; closed with the context, which removes its meters. */
  @Bean
  @ConditionalOnMissingBean
  public SlabpoolMetrics slabpoolMetrics() {
    return new SlabpoolMetrics();
  }

  /** Without Actuator's metrics, which bind every {@code MeterBinder} bean, nobody would. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass(
      "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration")
  static class WithoutActuator {
    @Bean
    SmartInitializingSingleton slabpoolMetricsBinding(SlabpoolMetrics metrics,
        ObjectProvider<MeterRegistry> registries) {
      return () -> registries.orderedStream().forEach(metrics::bindTo);
    }
  }
}
