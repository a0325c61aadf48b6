package io.cachegen.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.di.MediaServices;
import io.cachegen.samples.domain.Movie;
import io.cachegen.samples.domain.Policy;
import io.cachegen.samples.service.MovieServiceCacheKeys;
import io.cachegen.samples.service.RbacServiceCacheKeys;
import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two app instances on one database and one real Redis, as the demo's {@code --instances 2} runs them. */
class TwoInstancesTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private Database db;
  private final List<TieredCache> caches = new ArrayList<>();
  private Database dbA;
  private Database dbB;
  private MediaServices a;
  private MediaServices b;

  @BeforeEach
  void setUp() {
    db = SeededDatabase.create();
    dbA = db.withOwnCounter();
    dbB = db.withOwnCounter();
    a = MediaServices.cached(MediaServices.jdbc(dbA), newCache());
    b = MediaServices.cached(MediaServices.jdbc(dbB), newCache());
  }

  @AfterEach
  void tearDown() {
    caches.forEach(TieredCache::close);
    db.close();
  }

  private TieredCache newCache() {
    TieredCache cache = TieredCache.builder().redisUri(redis.uri()).build();
    caches.add(cache);
    return cache;
  }

  private static void awaitInRedis(String key) {
    await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(1).equals(redis.command("EXISTS", key)));
  }

  @Test
  void aWriteOnInstanceA_dropsInstanceBsL1Copy_soBReadsTheNewValue() {
    Movie movie = b.movies().getMovie(42);
    assertThat(b.movies().getMovie(42)).isEqualTo(movie); // now in B's L1, for 5 minutes
    Movie renamed = movie.withTitle("The Moved Picture");

    a.movies().updateMovie(renamed);

    await().atMost(Duration.ofSeconds(5)).until(() -> renamed.equals(b.movies().getMovie(42)));
    long queries = dbB.queryCount();
    assertThat(b.movies().getMovie(42)).isEqualTo(renamed);
    assertThat(dbB.queryCount()).as("B caches the new value again").isEqualTo(queries);
  }

  @Test
  void rbacForOneUser_invalidatedOnA_reachesB_withoutTouchingAUserWhoseIdStartsTheSame() {
    a.rbac().assignRole(4, "user");
    a.rbac().assignRole(42, "user");
    assertThat(b.rbac().enforce(4, "settings", "write")).isFalse();
    assertThat(b.rbac().enforce(42, "settings", "write")).isFalse();

    a.rbac().assignRole(4, "admin");

    await().atMost(Duration.ofSeconds(5)).until(() -> b.rbac().enforce(4, "settings", "write"));
    long queries = dbB.queryCount();
    assertThat(b.rbac().enforce(42, "settings", "write")).isFalse();
    assertThat(dbB.queryCount()).as("user 42's decision is still cached on B").isEqualTo(queries);
  }

  @Test
  void invalidateAllRbac_onA_makesTheGroupMissesInRedis_andBSeesTheNewPolicy() {
    a.rbac().policiesForRole("guest");
    a.rbac().enforce(5, "movies", "read");
    awaitInRedis(RbacServiceCacheKeys.policiesForRole("guest"));
    awaitInRedis(RbacServiceCacheKeys.enforce(5, "movies", "read"));
    b.rbac().policiesForRole("guest");
    Policy allowDownloads = new Policy("guest", "downloads", "read", true);

    a.rbac().putPolicy(allowDownloads);

    try (TieredCache probe = TieredCache.builder().redisUri(redis.uri()).build()) {
      // The group's values stay in Redis until they expire, stamped with its old token: misses for everyone.
      assertThat(probe.exists(RbacServiceCacheKeys.policiesForRole("guest"))).isFalse();
      assertThat(probe.exists(RbacServiceCacheKeys.enforce(5, "movies", "read"))).isFalse();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> b.rbac().policiesForRole("guest").contains(allowDownloads));
  }

  @Test
  void valuesSurviveInRedis_andAFreshInstanceServesThemWithoutADatabaseQuery() {
    Movie movie = a.movies().getMovie(77);
    List<Movie> recent = a.movies().recentlyAdded();
    awaitInRedis(MovieServiceCacheKeys.getMovie(77));
    awaitInRedis(MovieServiceCacheKeys.recentlyAdded());

    Database dbC = db.withOwnCounter();
    TieredCache cacheC = newCache();
    MediaServices c = MediaServices.cached(MediaServices.jdbc(dbC), cacheC);

    assertThat(c.movies().getMovie(77)).isEqualTo(movie);
    assertThat(c.movies().recentlyAdded()).isEqualTo(recent);
    assertThat(dbC.queryCount()).isZero();
    assertThat(cacheC.stats().l2Hits()).isEqualTo(2);
  }
}
