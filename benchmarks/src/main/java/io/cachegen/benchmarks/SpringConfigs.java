package io.cachegen.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/** Real Spring application contexts ({@code @EnableCaching}) for the Spring contenders. */
final class SpringConfigs {
  private SpringConfigs() {}

  /** A context whose {@code ItemService} bean is a {@code @Cacheable} proxy over {@code origin}. */
  static AnnotationConfigApplicationContext context(
      Class<?> config, ItemService origin, boolean sync, String redisUri, long l1MaximumSize) {
    AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext();
    ctx.registerBean("origin", ItemService.class, () -> origin);
    ctx.registerBean("settings", Settings.class, () -> new Settings(redisUri, l1MaximumSize));
    ctx.register(config);
    if (sync) {
      ctx.registerBean("itemService", ItemService.class, () -> new SpringItemService.Sync(origin));
    } else {
      ctx.registerBean("itemService", ItemService.class, () -> new SpringItemService(origin));
    }
    ctx.refresh();
    return ctx;
  }

  record Settings(String redisUri, long l1MaximumSize) {}

  /** {@code CaffeineCacheManager}: bounded, 10 minutes after write. */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CaffeineConfig {
    @Bean
    CacheManager cacheManager(Settings settings) {
      CaffeineCacheManager manager = new CaffeineCacheManager("items");
      manager.setCaffeine(
          Caffeine.newBuilder().maximumSize(settings.l1MaximumSize()).expireAfterWrite(Duration.ofMinutes(10)));
      return manager;
    }
  }

  /** {@code RedisCacheManager} on Lettuce, values as JSON through Jackson 3 for the exact type, 10 minute TTL. */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class RedisConfig {
    @Bean
    LettuceConnectionFactory redisConnectionFactory(Settings settings) {
      java.net.URI uri = java.net.URI.create(settings.redisUri());
      return new LettuceConnectionFactory(new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
    }

    @Bean
    CacheManager cacheManager(LettuceConnectionFactory factory) {
      RedisCacheConfiguration config =
          RedisCacheConfiguration.defaultCacheConfig()
              .entryTtl(Duration.ofMinutes(10))
              .serializeValuesWith(SerializationPair.fromSerializer(new JacksonJsonRedisSerializer<>(Item.class)));
      return RedisCacheManager.builder(factory).cacheDefaults(config).initialCacheNames(java.util.Set.of("items")).build();
    }
  }
}
