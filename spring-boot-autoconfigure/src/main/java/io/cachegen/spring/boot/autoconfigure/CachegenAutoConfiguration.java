package io.cachegen.spring.boot.autoconfigure;

import io.cachegen.runtime.CacheConfig;
import io.cachegen.runtime.TieredCache;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * cachegen for Spring Boot: a {@link TieredCache} built from the {@code cachegen.*} properties (unless
 * the application defines its own), and every decorator the processor generated registered as the
 * primary bean of its interface over the application's implementation ({@link DecoratorRegistrar}).
 */
@AutoConfiguration
@ConditionalOnClass(TieredCache.class)
@EnableConfigurationProperties(CachegenProperties.class)
public class CachegenAutoConfiguration {
  private static final Log log = LogFactory.getLog(CachegenAutoConfiguration.class);

  /** The cache, closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public TieredCache tieredCache(
      CachegenProperties properties, ObjectProvider<TieredCacheBuilderCustomizer> customizers, Environment environment) {
    warnAboutRuntimeKeys(properties, environment);
    TieredCache.Builder builder = builder(properties);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** Registers the generated decorators; {@code cachegen.decorators.enabled=false} turns it off. */
  @Bean
  @ConditionalOnBooleanProperty(name = "cachegen.decorators.enabled", matchIfMissing = true)
  static DecoratorRegistrar cachegenDecoratorRegistrar() {
    return new DecoratorRegistrar();
  }

  /** A builder with every property that is set; the others keep the runtime's defaults. */
  static TieredCache.Builder builder(CachegenProperties properties) {
    TieredCache.Builder builder = TieredCache.builder();
    try {
      builder.redisUri(redisUri(properties));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException("cachegen.url", "(not shown: it may hold a password)",
          e.getMessage());
    }
    PropertyMapper map = PropertyMapper.get();
    map.from(properties.l1().maximumSize()).to(builder::l1MaximumSize);
    map.from(properties.l1().ttl()).to(builder::l1Ttl);
    map.from(properties.connectTimeout()).to(builder::connectTimeout);
    map.from(properties.commandTimeout()).to(builder::commandTimeout);
    map.from(properties.l1().maximumWeight()).to(builder::l1MaximumWeight);
    map.from(properties.stalenessBound()).to(builder::stalenessBound);
    map.from(properties.leaseTime()).to(builder::leaseTime);
    map.from(properties.maxTtl()).to(builder::maxTtl);
    map.from(properties.maxValueBytes()).to(builder::maxValueBytes);
    map.from(properties.namespace()).whenHasText().to(builder::namespace);
    map.from(properties.channelSecret()).whenHasText().to(builder::channelSecret);
    map.from(properties.tlsCaFile()).whenHasText().as(java.nio.file.Path::of).to(builder::tlsTrustPem);
    return builder;
  }

  /** The URL when L2 is enabled: explicitly, or by default whenever a URL is set. */
  private static String redisUri(CachegenProperties properties) {
    String url = StringUtils.hasText(properties.url()) ? properties.url().trim() : null;
    boolean enabled = properties.enabled() == null ? url != null : properties.enabled();
    if (!enabled) {
      return null;
    }
    if (url == null) {
      throw new InvalidConfigurationPropertyValueException("cachegen.enabled", true,
          "cachegen.url is not set; set it to redis://host:port, or leave cachegen.enabled unset (or false)"
              + " for an L1-only cache");
    }
    return url;
  }

  /** The runtime's own keys are not read here; say so once if an application sets them and not ours. */
  private static void warnAboutRuntimeKeys(CachegenProperties properties, Environment environment) {
    if (properties.url() == null && environment.containsProperty(CacheConfig.URL)) {
      log.warn("cachegen: " + CacheConfig.URL + " (or CACHE_URL) is set, but the Spring Boot starter reads"
          + " cachegen.url (or CACHEGEN_URL); the cache is L1 only. Set cachegen.url=${CACHE_URL:} in"
          + " application.properties to use it.");
    }
  }
}
