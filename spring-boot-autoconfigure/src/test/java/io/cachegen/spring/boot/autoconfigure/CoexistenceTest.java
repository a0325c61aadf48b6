package io.cachegen.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.runtime.TieredCache;
import io.cachegen.spring.boot.autoconfigure.fixtures.CachedCatalog;
import io.cachegen.spring.boot.autoconfigure.fixtures.Catalog;
import io.cachegen.spring.boot.autoconfigure.fixtures.scanned.ScanConfiguration;
import io.cachegen.spring.boot.autoconfigure.fixtures.scanned.ScannedCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** cachegen and Spring's cache abstraction ({@code spring-boot-starter-cache}, {@code @Cacheable}) in one application. */
class CoexistenceTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          CacheAutoConfiguration.class, CacheMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
          CachegenAutoConfiguration.class,
          CachegenMetricsAutoConfiguration.class, CachegenHealthContributorAutoConfiguration.class))
      .withUserConfiguration(SpringCaching.class, ScanConfiguration.class)
      .withPropertyValues("spring.cache.type=caffeine", "spring.cache.cache-names=greetings");

  @Test
  void cacheableMethods_andGeneratedDecorators_eachCache_inOneContext() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(CacheManager.class).hasSingleBean(TieredCache.class);
      Greeter greeter = context.getBean(Greeter.class);
      greeter.greet("Ada");
      greeter.greet("Ada");
      assertThat(greeter.calls()).as("@Cacheable").isEqualTo(1);

      Catalog catalog = context.getBean(Catalog.class);
      assertThat(catalog).isExactlyInstanceOf(CachedCatalog.class);
      catalog.title(1);
      catalog.title(1);
      assertThat(context.getBean(ScannedCatalog.class).reads()).as("cachegen").isEqualTo(1);
    });
  }

  @Test
  void bothPublishTheirMeters_intoOneRegistry() {
    runner.run(context -> {
      context.getBean(Greeter.class).greet("Ada");
      context.getBean(Catalog.class).title(1);
      MeterRegistry registry = context.getBean(MeterRegistry.class);

      // Spring's Caffeine caches publish cache.gets only with recordStats; cache.size always.
      assertThat(registry.find("cache.size").tag("cache", "greetings").gauge()).isNotNull();
      assertThat(registry.find("cache.size").tag("cache", "cachegen").gauge()).isNotNull();
      assertThat(registry.find("cache.gets").tag("cache", "cachegen").meters()).isNotEmpty();
    });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class SpringCaching {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    Greeter greeter() {
      return new Greeter();
    }
  }

  /** A bean cached by Spring's abstraction. */
  static class Greeter {
    private final AtomicInteger calls = new AtomicInteger();

    public int calls() {
      return calls.get();
    }

    @Cacheable("greetings")
    public String greet(String name) {
      calls.incrementAndGet();
      return "Hello, " + name;
    }
  }
}
