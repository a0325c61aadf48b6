package io.cachegen.benchmarks;

import tools.jackson.databind.json.JsonMapper;

/** Facts about the benchmark value and contenders, for the report. */
final class Values {
  private Values() {}

  static int jsonBytes() {
    return JsonMapper.builder().build().writeValueAsBytes(Item.of(123_456)).length;
  }

  static final String CONTENDER_NOTES =
      """
      Every contender caches the same `ItemService.item(long)` returning the same `Item` record (a title, a paragraph, \
      a list of 12 small records and a list of 20 longs), with a 10-minute TTL and a 10,000-entry L1 unless stated.

      | contender | what it is |
      |---|---|
      | `caffeine` | floor for L1: hand-written `Cache<Long, Item>` with `cache.get(id, loader)` (Caffeine 3.3.1, `maximumSize`, `expireAfterWrite`) |
      | `cachegen` | the generated `CachedItemService` (cachegen-processor, compile time) over `TieredCache` with Redis (L1 Caffeine + L2 Redis, Jackson 3 JSON) |
      | `cachegen-l1` | the same generated class over an L1-only `TieredCache` (no Redis): scaling and memory tables |
      | `cachegen-l2` | the generated `CachedRemoteItemService`, `@Cached(l1 = false)`: every call reads Redis (one script: the value, checked for size and type, and its remaining TTL) |
      | `spring-caffeine` | Spring Framework 7.0.10 `@Cacheable` on a bean, real proxy from `AnnotationConfigApplicationContext` + `@EnableCaching`, `CaffeineCacheManager` |
      | `spring-caffeine-sync` | the same with `@Cacheable(sync = true)` (stampede table only) |
      | `spring-redis` | `@Cacheable` with spring-data-redis 4.0.8 `RedisCacheManager` on `LettuceConnectionFactory`, values as JSON via `JacksonJsonRedisSerializer<Item>` (Jackson 3, exact type, no class names) |
      | `spring-redis-sync` | the same with `@Cacheable(sync = true)` (stampede table only) |
      | `jetcache-both` | JetCache 2.7.8 `MultiLevelCache` built programmatically (`MultiLevelCacheBuilder`: `CaffeineCacheBuilder` local + `RedisLettuceCacheBuilder` remote), `Fastjson2KeyConvertor`, values with JetCache's default **Java serialization** (`JavaValueEncoder`/`JavaValueDecoder`), `computeIfAbsent` |
      | `jetcache-both-protect` | the same with `cachePenetrateProtect(true)` (stampede table only) |
      | `jetcache-local` | JetCache `CaffeineCache` alone (memory table) |
      | `jetcache-remote` | JetCache `RedisLettuceCache` alone, Java serialization |
      | `lettuce-jackson` | floor for L2: hand-written Lettuce sync `GET` + Jackson 3 `ObjectReader` decode; on a miss load + `SET EX` |

      All Redis clients are Lettuce 7.7.0.RELEASE in the same JVM (cachegen's version); JetCache and spring-data-redis run on it unchanged. \
      JetCache is configured programmatically rather than through its Spring annotations (`@Cached(cacheType = BOTH)` needs \
      jetcache-anno + Spring AOP wiring); the cache it builds for `@Cached(cacheType = CacheType.BOTH)` is the same `MultiLevelCache`.

      Found while wiring the peers on Lettuce 7.7.0: spring-data-redis 4.0.8 picks its asynchronous cache writer for a \
      `LettuceConnectionFactory`, and its `RedisCache.clear()` then calls `LettuceReactiveKeyCommands.keys`, which calls \
      `RedisClusterReactiveCommands.keys(Object)` returning `Flux`, a method Lettuce 7 no longer has. The \
      `NoSuchMethodError` is logged by Reactor and swallowed: `clear()` returns normally and removes nothing (prefix \
      table). `@Cacheable` reads and writes work. With that writer a `put` may land after the call returns (seen in the \
      harness test), the likely reason why `spring-redis-sync` did not stop the stampede.
      """;
}
