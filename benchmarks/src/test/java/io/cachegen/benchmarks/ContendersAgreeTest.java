package io.cachegen.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every contender returns the origin's value for a key: on the miss that loads it, on the hit that
 * follows, and (for the Redis-backed ones) from Redis alone. Guards the benchmark against measuring a
 * broken path. Runs against a real redis-server started on a free port.
 */
class ContendersAgreeTest {
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  static List<String> contenders() {
    return List.of(
        Contenders.CAFFEINE, Contenders.CACHEGEN, Contenders.CACHEGEN_L1, Contenders.CACHEGEN_L2,
        Contenders.SPRING_CAFFEINE, Contenders.SPRING_CAFFEINE_SYNC, Contenders.SPRING_REDIS, Contenders.SPRING_REDIS_SYNC,
        Contenders.JETCACHE_BOTH, Contenders.JETCACHE_BOTH_PROTECT, Contenders.JETCACHE_LOCAL, Contenders.JETCACHE_REMOTE,
        Contenders.LETTUCE_JACKSON);
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
  }

  @ParameterizedTest
  @MethodSource("contenders")
  void returnsTheOriginsValue_onMissAndOnHit(String name) {
    Origin origin = Origin.fast();
    try (Contenders.Handle handle = Contenders.open(name, origin, redis.uri(), 1000)) {
      assertThat(handle.service.item(42)).isEqualTo(Item.of(42));
      awaitStoredInRedis(name); // spring-data-redis 4 may write the entry after the call returns (Cache.put allows it)
      assertThat(handle.service.item(42)).isEqualTo(Item.of(42));
      assertThat(handle.service.item(7)).isEqualTo(Item.of(7));
      assertThat(origin.loads()).as("loads of 2 keys").isEqualTo(2);
    }
  }

  @ParameterizedTest
  @MethodSource("redisBacked")
  void readsWhatAnotherInstanceStoredInRedis(String name) throws Exception {
    try (Contenders.Handle writer = Contenders.open(name, Origin.fast(), redis.uri(), 1000)) {
      assertThat(writer.service.item(1001)).isEqualTo(Item.of(1001));
      awaitStoredInRedis(name); // cachegen writes L2 without making the caller wait
      Origin other = Origin.fast();
      try (Contenders.Handle reader = Contenders.open(name, other, redis.uri(), 1000)) {
        assertThat(reader.service.item(1001)).isEqualTo(Item.of(1001));
        assertThat(other.loads()).as(name + " read the value from Redis, not from the origin").isZero();
      }
    }
  }

  /** Waits until a Redis-backed contender's write of the value it loaded has reached Redis. */
  private static void awaitStoredInRedis(String name) {
    if (redisBacked().contains(name) || name.equals(Contenders.SPRING_REDIS_SYNC)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> ((Long) redis.command("DBSIZE")) > 0);
    }
  }

  static List<String> redisBacked() {
    return List.of(
        Contenders.CACHEGEN, Contenders.CACHEGEN_L2, Contenders.SPRING_REDIS, Contenders.JETCACHE_BOTH,
        Contenders.JETCACHE_REMOTE, Contenders.LETTUCE_JACKSON);
  }
}
