package io.cachegen.spring.boot.autoconfigure;

import io.cachegen.runtime.TieredCache;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code cachegen} health contributor ({@link CachegenHealthIndicator}) when Spring Boot's health
 * support is on the class path; {@code management.health.cachegen.enabled=false} turns it off.
 */
@AutoConfiguration(after = CachegenAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnSingleCandidate(TieredCache.class)
@ConditionalOnEnabledHealthIndicator("cachegen")
public class CachegenHealthContributorAutoConfiguration {

  /** The contributor, named {@code cachegen}. */
  @Bean
  @ConditionalOnMissingBean(name = "cachegenHealthIndicator")
  public CachegenHealthIndicator cachegenHealthIndicator(TieredCache cache) {
    return new CachegenHealthIndicator(cache);
  }
}
