package io.cachegen.spring.boot.autoconfigure;

import io.cachegen.runtime.TieredCache;
import io.cachegen.runtime.micrometer.TieredCacheMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * The cache's meters ({@code cache.gets}, {@code cache.puts}, {@code cache.evictions}, {@code cache.size},
 * {@code cache.load}, {@code cache.errors}, {@code cache.decode.failures}, tagged {@code cache=cachegen}
 * and {@code tier}) as a {@link MeterBinder} bean, which Spring Boot's metrics support binds to every
 * {@code MeterRegistry} of the application.
 */
@AutoConfiguration(after = CachegenAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnSingleCandidate(TieredCache.class)
public class CachegenMetricsAutoConfiguration {

  /** The {@code cache} tag of the meters. */
  public static final String CACHE_NAME = "cachegen";

  /** The binder of the meters. */
  @Bean
  @ConditionalOnMissingBean(name = "cachegenMetrics")
  public TieredCacheMetrics cachegenMetrics(TieredCache cache) {
    return new TieredCacheMetrics(cache, CACHE_NAME, Tags.empty());
  }
}
