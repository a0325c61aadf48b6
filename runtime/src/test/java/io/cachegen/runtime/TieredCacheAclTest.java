package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis ACL users, as a user of {@link TieredCache} meets them: the least-privilege rule is enough for
 * everything the cache does (fills, reads, key and group invalidations between instances); a user that
 * lacks any part of it gets one error naming the missing part, an L1-only cache that says so in
 * {@link TieredCache#health()}, and nothing retried.
 */
class TieredCacheAclTest {
  /**
   * The least-privilege rule for namespace {@code cachegen} and cache keys under {@code movie:}, as the
   * README and {@link LettuceL2}'s javadoc give it.
   */
  static final String[] LEAST_PRIVILEGE = {
      "resetkeys", "~{cachegen}:*", "~cachegen:gen:*", "~movie:*", "resetchannels", "&{cachegen}:invalidations",
      "&{cachegen}:hb:*", "-@all", "+eval", "+evalsha", "+get", "+set", "+del", "+type", "+strlen", "+pttl",
      "+publish", "+subscribe", "+ping"};

  private static final TypeRef<String> TEXT = TypeRef.of(String.class);
  private static final Duration TTL = Duration.ofMinutes(5);

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final List<TieredCache> caches = new ArrayList<>();

  @AfterEach
  void close() {
    caches.forEach(TieredCache::close);
    redis.command("ACL", "LOG", "RESET");
  }

  private static void user(String name, String... rules) {
    List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", name, "reset", "on", ">pw-" + name));
    args.addAll(List.of(rules));
    redis.command(args.toArray(String[]::new));
  }

  private static String[] without(String rule) {
    assertThat(LEAST_PRIVILEGE).contains(rule);
    return Arrays.stream(LEAST_PRIVILEGE).filter(r -> !r.equals(rule)).toArray(String[]::new);
  }

  private TieredCache cache(String user) {
    TieredCache cache = TieredCache.builder()
        .redisUri("redis://" + user + ":pw-" + user + "@127.0.0.1:" + redis.port())
        .connectTimeout(Duration.ofSeconds(3))
        .commandTimeout(Duration.ofSeconds(1))
        .build();
    caches.add(cache);
    return cache;
  }

  /** How many commands Redis denied for lack of a permission since the last {@code ACL LOG RESET}. */
  private static long deniedCommands() {
    long denied = 0;
    for (Object entry : (List<?>) redis.command("ACL", "LOG")) {
      List<?> fields = (List<?>) entry;
      denied += (Long) fields.get(fields.indexOf("count") + 1);
    }
    return denied;
  }

  private static String loaded(String value, AtomicInteger loads) {
    loads.incrementAndGet();
    return value;
  }

  @Test
  void theLeastPrivilegeRule_isEnoughForFillsReadsAndInvalidationsBetweenInstances() {
    user("app", LEAST_PRIVILEGE);
    try (LogCapture log = LogCapture.start()) {
      TieredCache a = cache("app");
      TieredCache b = cache("app");
      await().atMost(Duration.ofSeconds(10)).until(() -> a.health().state() == L2State.UP && b.health().state() == L2State.UP);
      AtomicInteger loadsA = new AtomicInteger();
      AtomicInteger loadsB = new AtomicInteger();

      // A fill reaches Redis, and the other instance reads it from there.
      assertThat(a.cacheAside("movie:1", TTL, TEXT, () -> loaded("one", loadsA))).isEqualTo("one");
      await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(1).equals(redis.command("EXISTS", "movie:1")));
      assertThat(b.cacheAside("movie:1", TTL, TEXT, () -> loaded("not from Redis", loadsB))).isEqualTo("one");
      assertThat(b.stats().l2Hits()).isEqualTo(1);
      assertThat(loadsB).hasValue(0);

      // A key invalidation reaches the other instance's L1.
      a.delete("movie:1");
      await().atMost(Duration.ofSeconds(5)).until(() -> "one again".equals(b.cacheAside("movie:1", TTL, TEXT, () -> "one again")));

      // A group invalidation too, and its token lives outside {cachegen}.
      assertThat(a.cacheAside("movie:2", TTL, TEXT, () -> "two")).isEqualTo("two");
      await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(1).equals(redis.command("EXISTS", "movie:2")));
      assertThat(b.cacheAside("movie:2", TTL, TEXT, () -> "not from Redis")).isEqualTo("two");
      a.invalidatePrefix("movie:");
      assertThat(redis.command("EXISTS", "cachegen:gen:movie:")).isEqualTo(1L);
      await().atMost(Duration.ofSeconds(5)).until(() -> "two again".equals(b.cacheAside("movie:2", TTL, TEXT, () -> "two again")));

      // set, get and exists.
      a.setJson("movie:3", "three", TTL);
      assertThat(b.getJson("movie:3", TEXT)).isEqualTo("three");
      assertThat(b.exists("movie:3")).isTrue();
      assertThat(b.get("movie:3")).isNotNull();

      assertThat(a.health().state()).isEqualTo(L2State.UP);
      assertThat(b.health().state()).isEqualTo(L2State.UP);
      assertThat(a.stats().l2Errors() + b.stats().l2Errors()).isZero();
      assertThat(deniedCommands()).as("commands Redis denied").isZero();
      assertThat(log.logged("ERROR", "")).isEmpty();
      assertThat(log.logged("WARN", "io.cachegen")).isEmpty();
    }
  }

  @Test
  void aUserWithoutChannelRights_isOneErrorNamingTheChannel_andAnL1OnlyCacheThatSaysSo_withNothingRetried() {
    user("nochannels", without("&{cachegen}:invalidations"));
    cache("nochannels").close(); // the JVM's first connection starts Lettuce's event loops: not part of the figure
    redis.command("ACL", "LOG", "RESET");
    try (LogCapture log = LogCapture.start()) {
      long start = System.nanoTime();
      TieredCache cache = cache("nochannels");
      Duration toRefused = Duration.ofNanos(System.nanoTime() - start);
      log.out().println("FIGURE: ACL user without channel rights: build() returned, REFUSED, after " + toRefused.toMillis()
          + " ms (connect timeout 3 s)");

      CacheHealth health = cache.health();
      assertThat(health.state()).isEqualTo(L2State.REFUSED);
      assertThat(health.detail()).contains("&{cachegen}:invalidations").contains("NOPERM");
      assertThat(cache.isL2Available()).isFalse();
      assertThat(cache.hasL2()).isTrue();

      // L1 and the loader serve; nothing reaches Redis, nothing is read from it.
      AtomicInteger loads = new AtomicInteger();
      assertThat(cache.cacheAside("movie:1", TTL, TEXT, () -> loaded("one", loads))).isEqualTo("one");
      assertThat(cache.cacheAside("movie:1", TTL, TEXT, () -> loaded("one", loads))).isEqualTo("one");
      cache.delete("movie:1");
      assertThat(cache.cacheAside("movie:1", TTL, TEXT, () -> loaded("one again", loads))).isEqualTo("one again");
      cache.setJson("movie:2", "two", TTL);
      assertThat(cache.getJson("movie:2", TEXT)).isEqualTo("two");
      assertThat(loads).hasValue(2);
      CacheStats stats = cache.stats();
      assertThat(stats.l2Hits()).isZero();
      assertThat(stats.l2Misses()).isZero();
      assertThat(stats.pendingInvalidations()).as("nothing waits for a Redis that refuses").isZero();
      assertThat(redis.command("KEYS", "movie:*")).asList().isEmpty();

      // Nothing retried: Redis denies nothing more from now on.
      long denied = deniedCommands();
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> deniedCommands() == denied);
      assertThat(cache.health().state()).isEqualTo(L2State.REFUSED);

      List<String> errors = log.logged("ERROR", "refuses");
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0)).contains("&{cachegen}:invalidations").contains("L1 only");
      assertThat(log.logged("WARN", "io.cachegen")).isEmpty();
      assertThat(log.text()).doesNotContain("once Redis answers");
    }
  }

  /**
   * Every part of the rule that the connection check can test: without it, {@code build()} returns an
   * L1-only cache whose health names the part, and the log has one error.
   */
  @ParameterizedTest
  @ValueSource(strings = {"~{cachegen}:*", "~cachegen:gen:*", "&{cachegen}:invalidations", "&{cachegen}:hb:*", "+eval",
      "+evalsha", "+get", "+set", "+del", "+type", "+strlen", "+pttl", "+publish", "+subscribe", "+ping"})
  void aUserMissingOnePartOfTheRule_isRefusedAtConnect_namingThatPart(String missing) {
    user("partial", without(missing));
    try (LogCapture log = LogCapture.start()) {
      TieredCache cache = cache("partial");
      await().atMost(Duration.ofSeconds(5)).until(() -> cache.health().state() == L2State.REFUSED);
      assertThat(cache.health().detail()).contains(missing);
      assertThat(cache.cacheAside("movie:1", TTL, TEXT, () -> "one")).isEqualTo("one");
      assertThat(cache.cacheAside("movie:1", TTL, TEXT, () -> "not cached")).isEqualTo("one");
      long denied = deniedCommands();
      await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> deniedCommands() == denied);
      assertThat(log.logged("ERROR", "refuses")).hasSize(1);
      assertThat(log.logged("ERROR", "refuses").get(0)).contains(missing);
    }
  }

  @Test
  void aUserWithoutTheCacheKeysPattern_isRefusedAtTheFirstRead_andTheCallStillGetsItsValue() {
    user("nomovies", without("~movie:*"));
    try (LogCapture log = LogCapture.start()) {
      TieredCache cache = cache("nomovies");
      // The check cannot know the application's key patterns: the cache connects.
      await().atMost(Duration.ofSeconds(5)).until(() -> cache.health().state() == L2State.UP);
      assertThat(cache.cacheAside("movie:1", TTL, TEXT, () -> "one")).isEqualTo("one");
      await().atMost(Duration.ofSeconds(5)).until(() -> cache.health().state() == L2State.REFUSED);
      assertThat(cache.health().detail()).contains("NOPERM");
      assertThat(cache.cacheAside("movie:1", TTL, TEXT, () -> "not cached")).isEqualTo("one");
      long denied = deniedCommands();
      await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> deniedCommands() == denied);
      assertThat(log.logged("ERROR", "refuses")).hasSize(1);
    }
  }
}
