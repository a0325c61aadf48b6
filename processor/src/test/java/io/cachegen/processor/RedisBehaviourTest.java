package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.testing.compile.Compilation;
import io.cachegen.processor.fixtures.FakeMovies;
import io.cachegen.processor.fixtures.Genre;
import io.cachegen.processor.fixtures.Movie;
import io.cachegen.processor.fixtures.MovieApi;
import io.cachegen.runtime.TieredCache;
import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the generated {@code CachedMovieService} of two "instances" (two {@link TieredCache}s with their
 * own delegates) against one real redis-server: values written by one are decoded by the other with
 * their exact generic types, and invalidations reach both.
 */
class RedisBehaviourTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static ClassLoader generated;

  private TieredCache cacheA;
  private TieredCache cacheB;
  private final FakeMovies fakeA = new FakeMovies();
  private final FakeMovies fakeB = new FakeMovies();
  private MovieApi instanceA;
  private MovieApi instanceB;

  @BeforeAll
  static void compile() {
    Compilation compilation = Processing.compileCleanly(Processing.source(
        "p.MovieService",
        "package p;",
        "",
        "public interface MovieService extends io.cachegen.processor.fixtures.MovieApi {}"));
    generated = Processing.classLoader(compilation);
  }

  private MovieApi instance(FakeMovies fake, TieredCache cache) {
    return Processing.decorate(generated, "p.MovieService", "p.CachedMovieService", MovieApi.class, fake, cache);
  }

  private void start() {
    cacheA = TieredCache.builder().redisUri(redis.uri()).build();
    cacheB = TieredCache.builder().redisUri(redis.uri()).build();
    instanceA = instance(fakeA, cacheA);
    instanceB = instance(fakeB, cacheB);
  }

  @AfterEach
  void close() {
    if (cacheA != null) {
      cacheA.close();
    }
    if (cacheB != null) {
      cacheB.close();
    }
  }

  /** Waits until the value that instance A loaded under {@code key} is in Redis. */
  private void awaitInRedis(String key) {
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.command("EXISTS", key), n -> Long.valueOf(1).equals(n));
  }

  @Test
  void genericListLoadedByOneInstance_isDecodedAsMoviesByAnother() {
    start();
    List<Movie> loaded = instanceA.recentlyAdded();
    awaitInRedis("movie:recent");

    List<Movie> read = instanceB.recentlyAdded();

    assertThat(read).isEqualTo(loaded);
    assertThat(read).allSatisfy(m -> assertThat(m).isInstanceOf(Movie.class));
    assertThat(fakeB.calls("recentlyAdded")).isZero();
  }

  @Test
  void optionalPrimitiveArrayAndFutureValues_roundTripThroughRedis() throws Exception {
    start();
    instanceA.findByTitle("Alien");
    instanceA.countByGenre(Genre.DRAMA);
    instanceA.byIds(List.of(2L, 1L));
    instanceA.loadAsync(2).get(5, TimeUnit.SECONDS);
    awaitInRedis("movie:title:Alien");
    awaitInRedis("movie:count:DRAMA");
    awaitInRedis("movie:array:[2,1]");
    awaitInRedis("movie:async:2");

    assertThat(instanceB.findByTitle("Alien")).isEqualTo(Optional.of(new Movie(1, "Alien", Genre.DRAMA)));
    assertThat(instanceB.countByGenre(Genre.DRAMA)).isEqualTo(1L);
    assertThat(instanceB.byIds(List.of(2L, 1L))).extracting(Movie::title).containsExactly("Airplane!", "Alien");
    assertThat(instanceB.loadAsync(2).get(5, TimeUnit.SECONDS)).isEqualTo(new Movie(2, "Airplane!", Genre.COMEDY));
    assertThat(fakeB.calls("findByTitle") + fakeB.calls("countByGenre") + fakeB.calls("byIds") + fakeB.calls("loadAsync"))
        .isZero();
  }

  @Test
  void invalidationByOneInstance_makesTheOtherReload() throws Exception {
    start();
    instanceA.getMovie(1);
    awaitInRedis("movie:1");
    assertThat(instanceB.getMovie(1).title()).isEqualTo("Alien");
    assertThat(fakeB.calls("getMovie")).isZero();

    Movie renamed = new Movie(1, "Alien³", Genre.DRAMA);
    fakeB.put(renamed);
    instanceA.updateMovie(renamed);

    assertThat(redis.command("EXISTS", "movie:1")).isEqualTo(0L);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(instanceB.getMovie(1)).isEqualTo(renamed));
    assertThat(fakeB.calls("getMovie")).isEqualTo(1);
  }

  @Test
  void allEntriesInvalidation_makesTheGroupMissesForEveryInstance_butNotItsNeighbours() {
    start();
    instanceA.getMetadata(4, "en");
    instanceA.getMetadata(4, "de");
    instanceA.getMetadata(42, "en");
    awaitInRedis("movie:meta:4:en");
    awaitInRedis("movie:meta:4:de");
    awaitInRedis("movie:meta:42:en");

    try {
      instanceA.updateMovie(new Movie(4, "Heat", Genre.DRAMA));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }

    try (io.cachegen.runtime.TieredCache probe = io.cachegen.runtime.TieredCache.builder().redisUri(redis.uri()).build()) {
      // The group's values stay in Redis, stamped with the group's old token: a miss for every instance.
      assertThat(probe.exists("movie:meta:4:en")).isFalse();
      assertThat(probe.exists("movie:meta:4:de")).isFalse();
      assertThat(probe.exists("movie:meta:42:en")).isTrue();
    }
  }

  @Test
  void l1False_readsFromRedisEveryTime_butLoadsOnce() {
    start();
    instanceA.getFromL2(1);
    awaitInRedis("movie:l2-only:1");

    assertThat(instanceA.getFromL2(1)).isEqualTo(new Movie(1, "Alien", Genre.DRAMA));
    assertThat(instanceB.getFromL2(1)).isEqualTo(new Movie(1, "Alien", Genre.DRAMA));
    assertThat(fakeA.calls("getFromL2")).isEqualTo(1);
    assertThat(fakeB.calls("getFromL2")).isZero();
  }

  @Test
  void redisDown_callsFallBackToTheDelegate_andWritesStillSucceed() throws Exception {
    start();
    redis.server().kill();

    assertThat(instanceA.getMovie(2).title()).isEqualTo("Airplane!");
    instanceA.updateMovie(new Movie(2, "Airplane II", Genre.COMEDY));
    assertThat(instanceA.getMovie(2).title()).isEqualTo("Airplane II");
    assertThat(instanceA.recentlyAdded()).hasSize(2);
  }
}
