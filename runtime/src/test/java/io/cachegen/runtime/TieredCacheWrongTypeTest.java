package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A key of another Redis type (hash, list, set, sorted set, stream) under a cache key is garbage: every
 * read ({@code getJson}, {@code get}, {@code exists}, {@code cacheAside}) is a miss, the key is removed (or
 * replaced by the loaded value), each is counted in {@code decodeFailures} (not as a Redis error), and the
 * log says so once, not once per read.
 */
class TieredCacheWrongTypeTest {
  private static final TypeRef<String> TEXT = TypeRef.of(String.class);
  private static final Duration TTL = Duration.ofMinutes(5);

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final List<TieredCache> caches = new ArrayList<>();

  /** A Redis type other than string, and how to make a key of it. */
  enum RedisType {
    HASH("hash", "HSET", "%s", "field", "value"),
    LIST("list", "RPUSH", "%s", "a", "b"),
    SET("set", "SADD", "%s", "a", "b"),
    ZSET("zset", "ZADD", "%s", "1", "a"),
    STREAM("stream", "XADD", "%s", "*", "field", "value");

    final String name;
    final String[] command;

    RedisType(String name, String... command) {
      this.name = name;
      this.command = command;
    }

    void plant(String key) {
      String[] args = command.clone();
      args[1] = key;
      redis.command(args);
      assertThat(redis.command("TYPE", key)).isEqualTo(name);
    }
  }

  @AfterEach
  void close() {
    caches.forEach(TieredCache::close);
  }

  private TieredCache cache() {
    TieredCache cache = TieredCache.builder().redisUri(redis.uri()).build();
    caches.add(cache);
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.health().state() == L2State.UP);
    return cache;
  }

  @ParameterizedTest
  @EnumSource(RedisType.class)
  void aKeyOfAnotherRedisType_isAMissForEveryRead_removedAndCounted(RedisType type) {
    TieredCache cache = cache();

    type.plant("movie:1");
    assertThat(cache.getJson("movie:1", TEXT)).isNull();
    assertThat(redis.command("EXISTS", "movie:1")).isEqualTo(0L);

    type.plant("movie:1");
    assertThat(cache.get("movie:1")).isNull();
    assertThat(redis.command("EXISTS", "movie:1")).isEqualTo(0L);

    type.plant("movie:1");
    assertThat(cache.exists("movie:1")).isFalse();
    assertThat(redis.command("EXISTS", "movie:1")).isEqualTo(0L);

    type.plant("movie:1");
    AtomicInteger loads = new AtomicInteger();
    assertThat(cache.cacheAside("movie:1", TTL, TEXT, () -> {
      loads.incrementAndGet();
      return "loaded";
    })).isEqualTo("loaded");
    assertThat(loads).hasValue(1);
    // Overwritten by the loaded value, which another instance reads from Redis.
    await().atMost(Duration.ofSeconds(5)).until(() -> "string".equals(redis.command("TYPE", "movie:1")));
    TieredCache other = cache();
    assertThat(other.getJson("movie:1", TEXT)).isEqualTo("loaded");
    assertThat(other.stats().l2Hits()).isEqualTo(1);

    CacheStats stats = cache.stats();
    assertThat(stats.decodeFailures()).isEqualTo(4);
    assertThat(stats.l2Errors()).as("garbage is not a Redis error").isZero();
    assertThat(stats.l2Hits()).isZero();
    assertThat(cache.health().state()).isEqualTo(L2State.UP);
  }

  @Test
  void aThousandReadsOfAWrongTypedKey_logOneLine() {
    TieredCache cache = cache();
    try (LogCapture log = LogCapture.start()) {
      for (int i = 0; i < 1000; i++) {
        RedisType.values()[i % RedisType.values().length].plant("movie:1");
        assertThat(cache.getJson("movie:1", TEXT)).isNull();
      }
      List<String> lines = log.logged("WARN", "movie:1");
      log.out().println("FIGURE: 1,000 reads of a key planted again each time as a hash, list, set, zset or stream: "
          + lines.size() + " WARN line(s), decodeFailures = " + cache.stats().decodeFailures() + ", l2Errors = "
          + cache.stats().l2Errors() + ", key type after: " + redis.command("TYPE", "movie:1"));
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).contains("another Redis type").contains("removed");
      assertThat(log.logged("WARN", "")).hasSize(1);
    }
    assertThat(cache.stats().decodeFailures()).isEqualTo(1000);
    assertThat(cache.stats().l2Errors()).isZero();
    assertThat(redis.command("TYPE", "movie:1")).isEqualTo("none");
  }
}
