package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServer;
import io.cachegen.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two instances on one real redis-server, as two application instances would be. */
class TieredCacheRedisTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final CacheSpec<Movie> MOVIE = CacheSpec.of(TypeRef.of(Movie.class), Duration.ofMinutes(5));
  private static final Duration PROPAGATION = Duration.ofSeconds(5);

  private final List<TieredCache> caches = new ArrayList<>();

  private TieredCache instance() {
    TieredCache cache = TieredCache.builder()
        .redisUri(redis.uri())
        .connectTimeout(Duration.ofSeconds(2))
        .commandTimeout(Duration.ofSeconds(1))
        .build();
    caches.add(cache);
    assertThat(cache.isL2Available()).isTrue();
    return cache;
  }

  @AfterEach
  void closeAll() {
    caches.forEach(TieredCache::close);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void valueIsStoredUnderItsPlainKeyWithItsTtl() {
    TieredCache a = instance();
    a.set("session:abc", bytes("hello"), Duration.ofSeconds(30));
    assertThat(redis.command("GET", "session:abc")).isEqualTo("hello");
    assertThat((Long) redis.command("PTTL", "session:abc")).isBetween(25_000L, 30_000L);

    a.cacheAside("movie:1", MOVIE, () -> Movie.of(1));
    await().atMost(PROPAGATION).until(() -> redis.command("GET", "movie:1") != null);
    assertThat(redis.command("GET", "movie:1")).isEqualTo("{\"id\":1,\"title\":\"Movie 1\",\"genres\":[\"drama\",\"comedy\"]}");
    assertThat((Long) redis.command("PTTL", "movie:1")).isBetween(290_000L, 300_000L);
  }

  @Test
  void instancesSeeEachOthersSets() {
    TieredCache a = instance();
    TieredCache b = instance();
    a.set("k", bytes("v1"), Duration.ofMinutes(1));
    assertThat(b.get("k")).isEqualTo(bytes("v1")); // from L2, now in b's L1
    a.set("k", bytes("v2"), Duration.ofMinutes(1));
    await().atMost(PROPAGATION).untilAsserted(() -> assertThat(b.get("k")).isEqualTo(bytes("v2")));
    assertThat(b.exists("k")).isTrue();
  }

  @Test
  void deleteThroughOneInstanceIsGoneFromTheOthersL1() {
    TieredCache a = instance();
    TieredCache b = instance();
    AtomicInteger loads = new AtomicInteger();
    a.cacheAside("movie:1", MOVIE, () -> Movie.of(loads.incrementAndGet()));
    await().atMost(PROPAGATION).until(() -> redis.command("GET", "movie:1") != null);
    assertThat(b.cacheAside("movie:1", MOVIE, () -> Movie.of(loads.incrementAndGet())).id()).isEqualTo(1);
    assertThat(b.stats().l2Hits()).isEqualTo(1);

    a.delete("movie:1");
    assertThat(redis.command("EXISTS", "movie:1")).isEqualTo(0L);
    await().atMost(PROPAGATION).untilAsserted(() -> assertThat(b.get("movie:1")).isNull());
    assertThat(b.exists("movie:1")).isFalse();
  }

  @Test
  void prefixInvalidationReachesRedisAndTheOthersL1AndTreatsGlobCharactersLiterally() {
    TieredCache a = instance();
    TieredCache b = instance();
    for (String key : List.of("user:*:1", "user:*:2", "user:x:1", "user:?", "other:*:1")) {
      a.setJson(key, key, Duration.ofMinutes(1));
      assertThat(b.getJson(key, TypeRef.of(String.class))).isEqualTo(key); // now in b's L1
    }
    a.invalidatePrefix("user:*:");
    assertThat(redis.command("EXISTS", "user:*:1")).isEqualTo(0L);
    assertThat(redis.command("EXISTS", "user:*:2")).isEqualTo(0L);
    assertThat(redis.command("EXISTS", "user:x:1")).isEqualTo(1L);
    assertThat(redis.command("EXISTS", "user:?")).isEqualTo(1L);
    assertThat(redis.command("EXISTS", "other:*:1")).isEqualTo(1L);
    await().atMost(PROPAGATION).untilAsserted(() -> {
      assertThat(b.getJson("user:*:1", TypeRef.of(String.class))).isNull();
      assertThat(b.getJson("user:*:2", TypeRef.of(String.class))).isNull();
    });
    assertThat(b.getJson("user:x:1", TypeRef.of(String.class))).isEqualTo("user:x:1");
  }

  @Test
  void prefixInvalidationSweepsManyKeysInBatches() {
    TieredCache a = instance();
    for (int i = 0; i < 5_000; i++) {
      redis.command("SET", "search:q" + i, "[]");
    }
    redis.command("SET", "searchx", "keep");
    a.invalidatePrefix("search:");
    assertThat(redis.command("DBSIZE")).isEqualTo(1L);
  }

  @Test
  void entryWithAShortTtlExpiresFromTheOtherInstancesL1Too() {
    TieredCache a = instance();
    TieredCache b = instance(); // its L1 TTL is the default 5 minutes
    a.set("session:s1", bytes("alive"), Duration.ofMillis(1500));
    assertThat(b.get("session:s1")).isEqualTo(bytes("alive")); // b's L1 keeps it for what is left of 1.5 s
    await().atMost(PROPAGATION).untilAsserted(() -> assertThat(b.get("session:s1")).isNull());
  }

  @Test
  void genericValuesAreDecodedWithTheirExactTypeByAnotherInstance() {
    TieredCache a = instance();
    TieredCache b = instance();
    CacheSpec<List<Movie>> recent = CacheSpec.of(new TypeRef<List<Movie>>() {}, Duration.ofMinutes(2));
    a.cacheAside("movie:recent", recent, () -> List.of(Movie.of(1), Movie.of(2)));
    await().atMost(PROPAGATION).until(() -> redis.command("GET", "movie:recent") != null);
    List<Movie> movies = b.cacheAside("movie:recent", recent, () -> {
      throw new AssertionError("must come from L2");
    });
    assertThat(movies).containsExactly(Movie.of(1), Movie.of(2));
    assertThat(movies.get(0)).isInstanceOf(Movie.class);
  }

  @Test
  void undecodableValueIsAMissThatIsCountedAndReplaced() {
    TieredCache a = instance();
    redis.command("SET", "movie:1", "{\"id\": \"not a number\"", "PX", "60000");
    Movie m = a.cacheAside("movie:1", MOVIE.withL1(false), () -> Movie.of(1));
    assertThat(m).isEqualTo(Movie.of(1));
    assertThat(a.stats().decodeFailures()).isEqualTo(1);
    assertThat(a.stats().l2Misses()).isEqualTo(1);
    await().atMost(PROPAGATION).untilAsserted(() -> assertThat((String) redis.command("GET", "movie:1")).startsWith("{\"id\":1,"));

    redis.command("SET", "movie:2", "\u0000\u0001garbage");
    assertThat(a.getJson("movie:2", TypeRef.of(Movie.class))).isNull();
    assertThat(a.stats().decodeFailures()).isEqualTo(2);
    await().atMost(PROPAGATION).until(() -> redis.command("EXISTS", "movie:2").equals(0L));
  }

  @Test
  void unreachableRedisAtBuildTimeLeavesAWorkingL1Cache() {
    int closedPort = RedisServer.freePort();
    TieredCache cache = TieredCache.builder()
        .redisUri("redis://127.0.0.1:" + closedPort)
        .connectTimeout(Duration.ofMillis(500))
        .build();
    caches.add(cache);
    assertThat(cache.hasL2()).isTrue();
    assertThat(cache.isL2Available()).isFalse();
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      assertThat(cache.cacheAside("movie:1", MOVIE, () -> Movie.of(loads.incrementAndGet()))).isEqualTo(Movie.of(1));
    }
    assertThat(loads).hasValue(1);
    cache.set("k", bytes("v"), Duration.ofSeconds(10));
    assertThat(cache.get("k")).isEqualTo(bytes("v"));
    cache.delete("k");
    cache.invalidatePrefix("movie:");
    assertThat(cache.exists("movie:1")).isFalse();
  }

  @Test
  void cacheConnectsOnceRedisComesUpAfterBuild() {
    redis.server().kill();
    TieredCache a = TieredCache.builder().redisUri(redis.uri()).connectTimeout(Duration.ofMillis(500)).build();
    caches.add(a);
    assertThat(a.isL2Available()).isFalse();
    assertThat(a.cacheAside("movie:1", MOVIE, () -> Movie.of(1))).isEqualTo(Movie.of(1));
    redis.server().restart();
    await().atMost(Duration.ofSeconds(15)).until(a::isL2Available);
    a.set("k", bytes("v"), Duration.ofSeconds(30));
    assertThat(redis.command("GET", "k")).isEqualTo("v");
  }

  @Test
  void killedRedisFallsBackToL1AndTheLoaderThenReconnectsAndClearsL1() {
    TieredCache a = instance();
    TieredCache b = instance();
    b.set("user:1", bytes("cached before the outage"), Duration.ofMinutes(1));
    assertThat(a.get("user:1")).isEqualTo(bytes("cached before the outage"));

    redis.server().kill();
    AtomicInteger loads = new AtomicInteger();
    await().atMost(PROPAGATION).until(() -> !a.isL2Available());
    for (int i = 0; i < 3; i++) {
      assertThat(a.cacheAside("movie:9", MOVIE, () -> Movie.of(9 + 100 * loads.incrementAndGet()))).isNotNull();
    }
    assertThat(loads).hasValue(1);

    redis.server().restart();
    await().atMost(Duration.ofSeconds(15)).until(a::isL2Available);
    // The invalidation channel dropped: a may have missed invalidations, so its L1 was cleared.
    await().atMost(PROPAGATION).untilAsserted(() -> assertThat(a.get("user:1")).isNull());
    a.set("user:2", bytes("after"), Duration.ofMinutes(1));
    assertThat(redis.command("GET", "user:2")).isEqualTo("after");
  }

  @Test
  void hungRedisCostsOneTimeoutThenRequestsSkipL2UntilItAnswersAgain() {
    TieredCache a = TieredCache.builder().redisUri(redis.uri()).commandTimeout(Duration.ofMillis(300)).build();
    caches.add(a);
    redis.server().pause();
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 20; i++) {
      assertThat(a.cacheAside("movie:1", MOVIE.withL1(false), () -> Movie.of(loads.incrementAndGet()))).isNotNull();
    }
    assertThat(loads).hasValue(20);
    assertThat(a.isL2Available()).isFalse();
    assertThat(a.stats().l2Errors()).as("only the first request waited for the hung server").isEqualTo(1);
    assertThat(a.get("nothing")).isNull();

    redis.server().resume();
    await().atMost(PROPAGATION).until(a::isL2Available);
    a.set("k", bytes("v"), Duration.ofSeconds(30));
    assertThat(redis.command("GET", "k")).isEqualTo("v");
  }

  @Test
  void readAfterAWriteNeverSeesAValueAnotherInstanceLoadedBeforeTheWrite() throws Exception {
    TieredCache writer = instance();
    TieredCache reader = instance();
    CacheSpec<Long> version = CacheSpec.of(TypeRef.of(Long.class), Duration.ofMinutes(1));
    AtomicLong database = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int t = 0; t < 2; t++) {
        pool.submit(() -> {
          while (running.get()) {
            reader.cacheAside("user:1", version.withL1(false), () -> {
              long v = database.get();
              LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(500_000)); // a slow query
              return v;
            });
          }
          return null;
        });
      }
      for (int round = 1; round <= 300; round++) {
        database.set(round);      // the write...
        writer.delete("user:1");  // ...and its invalidation; then the writer reads its own write
        assertThat(writer.cacheAside("user:1", version, database::get)).as("round %d", round).isEqualTo(round);
      }
    } finally {
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void invalidationWaitsForTheOtherInstancesToAcknowledge() {
    TieredCache a = instance();
    TieredCache b = instance();
    b.setJson("movie:1", "cached", Duration.ofMinutes(1));
    assertThat(a.getJson("movie:1", TypeRef.of(String.class))).isEqualTo("cached"); // in a's L1 now
    b.delete("movie:1");
    // b returned only after a acknowledged, that is after a dropped its copy: no waiting needed here.
    assertThat(a.getJson("movie:1", TypeRef.of(String.class))).isNull();
    b.invalidatePrefix("movie:");
    b.setJson("movie:2", "two", Duration.ofMinutes(1));
    assertThat(a.getJson("movie:2", TypeRef.of(String.class))).isEqualTo("two");
    b.invalidatePrefix("movie:");
    assertThat(a.getJson("movie:2", TypeRef.of(String.class))).isNull();
  }

  @Test
  void oneInvalidationRemovesSeveralKeysAndPrefixesEverywhere() {
    TieredCache a = instance();
    TieredCache b = instance();
    for (String key : List.of("movie:1", "movie:recent", "movie:meta:1", "movie:meta:1:en", "movie:meta:10:en", "search:x")) {
      b.setJson(key, key, Duration.ofMinutes(1));
      assertThat(a.getJson(key, TypeRef.of(String.class))).isEqualTo(key); // in a's L1 too
    }
    b.invalidate(List.of("movie:1", "movie:recent", "movie:meta:1"), List.of("movie:meta:1:", "search:"));
    for (String gone : List.of("movie:1", "movie:recent", "movie:meta:1", "movie:meta:1:en", "search:x")) {
      assertThat(redis.command("EXISTS", gone)).as(gone).isEqualTo(0L);
      assertThat(a.getJson(gone, TypeRef.of(String.class))).as(gone).isNull();
      assertThat(b.getJson(gone, TypeRef.of(String.class))).as(gone).isNull();
    }
    assertThat(a.getJson("movie:meta:10:en", TypeRef.of(String.class))).isEqualTo("movie:meta:10:en");
  }

  @Test
  void invalidationsRedisMissedAreAppliedBeforeL2IsReadAgain() {
    TieredCache a = TieredCache.builder().redisUri(redis.uri()).commandTimeout(Duration.ofMillis(300)).build();
    caches.add(a);
    redis.command("SET", "movie:1", "{\"id\":1,\"title\":\"old\",\"genres\":[]}");
    redis.command("SET", "search:drama", "[]");
    redis.command("SET", "search:comedy", "[]");
    redis.server().pause();
    a.delete("movie:1"); // the database changed; Redis cannot hear of it now
    a.invalidatePrefix("search:");
    assertThat(a.isL2Available()).isFalse();
    redis.server().resume();
    await().atMost(PROPAGATION).until(a::isL2Available);
    assertThat(redis.command("EXISTS", "movie:1")).isEqualTo(0L);
    assertThat(redis.command("EXISTS", "search:drama", "search:comedy")).isEqualTo(0L);
    assertThat(a.cacheAside("movie:1", MOVIE, () -> new Movie(1, "new", List.of())).title()).isEqualTo("new");
  }

  @Test
  void aclUserAndPasswordInTheUriAreUsed() {
    redis.command("ACL", "SETUSER", "app", "on", ">s3cret", "~*", "&*", "+@all");
    String uri = "redis://app:s3cret@127.0.0.1:" + redis.port();
    TieredCache a = TieredCache.builder().redisUri(uri).build();
    caches.add(a);
    assertThat(a.isL2Available()).isTrue();
    a.set("k", bytes("v"), Duration.ofSeconds(30));
    assertThat(redis.command("GET", "k")).isEqualTo("v");
    assertThat(a.toString()).doesNotContain("s3cret");
  }
}
