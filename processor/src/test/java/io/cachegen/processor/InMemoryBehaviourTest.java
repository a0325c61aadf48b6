package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.testing.compile.Compilation;
import io.cachegen.processor.fixtures.FakeMovies;
import io.cachegen.processor.fixtures.Genre;
import io.cachegen.processor.fixtures.Movie;
import io.cachegen.processor.fixtures.MovieApi;
import io.cachegen.runtime.TieredCache;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiles {@code interface MovieService extends MovieApi {}} with the processor and runs the generated
 * {@code CachedMovieService} against an in-memory {@link TieredCache}, asserting what a caller sees.
 */
class InMemoryBehaviourTest {
  private static ClassLoader generated;

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final TieredCache cache = TieredCache.builder().ticker(ticker).l1Executor(Runnable::run).build();
  private final FakeMovies fake = new FakeMovies();
  private final MovieApi movies = decorate(fake, cache);

  @BeforeAll
  static void compile() {
    Compilation compilation = Processing.compileCleanly(Processing.source(
        "p.MovieService",
        "package p;",
        "",
        "public interface MovieService extends io.cachegen.processor.fixtures.MovieApi {}"));
    generated = Processing.classLoader(compilation);
  }

  static MovieApi decorate(MovieApi target, TieredCache cache) {
    return Processing.decorate(generated, "p.MovieService", "p.CachedMovieService", MovieApi.class, target, cache);
  }

  @AfterEach
  void close() {
    cache.close();
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void repeatedCalls_callTheDelegateOnce() throws IOException {
    Movie first = movies.getMovie(1);
    Movie second = movies.getMovie(1);

    assertThat(first).isEqualTo(new Movie(1, "Alien", Genre.DRAMA));
    assertThat(second).isEqualTo(first);
    assertThat(fake.calls("getMovie")).isEqualTo(1);
  }

  @Test
  void differentArguments_areDifferentKeys() {
    assertThat(movies.getMetadata(1, "en")).isEqualTo("metadata of 1 in en");
    assertThat(movies.getMetadata(1, "de")).isEqualTo("metadata of 1 in de");
    assertThat(movies.getMetadata(1, "en")).isEqualTo("metadata of 1 in en");

    assertThat(fake.calls("getMetadata")).isEqualTo(2);
  }

  @Test
  void separatorsInArguments_doNotMakeTwoArgumentListsShareAKey() {
    movies.getMetadata(1, "a:b");
    movies.getMetadata(1, "a");

    assertThat(fake.calls("getMetadata")).isEqualTo(2);
    assertThat(cache.exists("movie:meta:1:a%3Ab")).isTrue();
  }

  @Test
  void keysAreThePrefixAndTheRenderedArguments() throws IOException {
    movies.getMovie(1);
    movies.getMetadata(2, "en");
    movies.recentlyAdded();
    movies.countByGenre(Genre.COMEDY);

    assertThat(cache.exists("movie:1")).isTrue();
    assertThat(cache.exists("movie:meta:2:en")).isTrue();
    assertThat(cache.exists("movie:recent")).isTrue();
    assertThat(cache.exists("movie:count:COMEDY")).isTrue();
  }

  @Test
  void entriesExpireAfterTheirTtl() throws IOException {
    movies.getMovie(1);
    advance(Duration.ofMinutes(5).minusSeconds(1));
    movies.getMovie(1);
    assertThat(fake.calls("getMovie")).isEqualTo(1);

    advance(Duration.ofSeconds(2));
    movies.getMovie(1);
    assertThat(fake.calls("getMovie")).isEqualTo(2);
  }

  @Test
  void eachMethodHasItsOwnTtl() {
    movies.countByGenre(Genre.DRAMA); // 30s
    movies.recentlyAdded(); // 2m
    advance(Duration.ofSeconds(31));
    movies.countByGenre(Genre.DRAMA);
    movies.recentlyAdded();

    assertThat(fake.calls("countByGenre")).isEqualTo(2);
    assertThat(fake.calls("recentlyAdded")).isEqualTo(1);
  }

  @Test
  void invalidation_makesTheNextCallReload() throws IOException {
    movies.getMovie(1);
    movies.getMetadata(1, "en");
    movies.getMetadata(1, "de");
    movies.getMetadata(11, "en");
    movies.recentlyAdded();

    movies.updateMovie(new Movie(1, "Alien (director's cut)", Genre.DRAMA));

    assertThat(movies.getMovie(1).title()).isEqualTo("Alien (director's cut)");
    assertThat(fake.calls("getMovie")).isEqualTo(2);
    movies.getMetadata(1, "en");
    movies.getMetadata(1, "de");
    assertThat(fake.calls("getMetadata")).as("movie:meta:1:* reloads").isEqualTo(5);
    movies.getMetadata(11, "en");
    assertThat(fake.calls("getMetadata")).as("movie:meta:11:en is another group").isEqualTo(5);
    assertThat(movies.recentlyAdded()).extracting(Movie::title).contains("Alien (director's cut)");
    assertThat(fake.calls("recentlyAdded")).isEqualTo(2);
  }

  @Test
  void invalidation_runsAlsoWhenTheDelegateThrows() throws IOException {
    movies.getMovie(1);
    fake.ioFailure = new IOException("disk full");

    assertThatThrownBy(() -> movies.updateMovie(new Movie(1, "x", Genre.DRAMA))).isSameAs(fake.ioFailure);

    fake.ioFailure = null;
    movies.getMovie(1);
    assertThat(fake.calls("getMovie")).isEqualTo(2);
  }

  @Test
  void invalidationOfANullProperty_rendersNullInsteadOfThrowing() throws IOException {
    movies.recentlyAdded();

    movies.updateMovie(null);

    movies.recentlyAdded();
    assertThat(fake.calls("recentlyAdded")).isEqualTo(2);
  }

  @Test
  void checkedException_passesThroughUnchanged_andNothingIsCached() throws IOException {
    IOException failure = new IOException("connection reset");
    fake.ioFailure = failure;

    assertThatThrownBy(() -> movies.getMovie(1)).isSameAs(failure);

    fake.ioFailure = null;
    assertThat(movies.getMovie(1)).isNotNull();
    assertThat(fake.calls("getMovie")).isEqualTo(2);
  }

  @Test
  void twoDeclaredCheckedExceptions_eachPassesThroughUnchanged() throws Exception {
    SQLException sql = new SQLException("deadlock");
    fake.sqlFailure = sql;
    assertThatThrownBy(() -> movies.getLegacy(1)).isSameAs(sql);
    fake.sqlFailure = null;

    IOException io = new IOException("timeout");
    fake.ioFailure = io;
    assertThatThrownBy(() -> movies.getLegacy(1)).isSameAs(io);
    fake.ioFailure = null;

    assertThat(movies.getLegacy(1).id()).isEqualTo(1);
    assertThat(movies.getLegacy(1).id()).isEqualTo(1);
    assertThat(fake.calls("getLegacy")).isEqualTo(3);
  }

  @Test
  void uncheckedException_passesThroughUnchanged() {
    MovieApi failing = decorate(new FakeMovies() {
      @Override
      public String getMetadata(long id, String language) {
        throw new IllegalStateException("boom");
      }
    }, cache);

    assertThatThrownBy(() -> failing.getMetadata(1, "en"))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(UndeclaredThrowableException.class)
        .hasMessage("boom");
  }

  @Test
  void optional_cachesItsContent() {
    assertThat(movies.findByTitle("Alien")).contains(new Movie(1, "Alien", Genre.DRAMA));
    assertThat(movies.findByTitle("Alien")).contains(new Movie(1, "Alien", Genre.DRAMA));

    assertThat(fake.calls("findByTitle")).isEqualTo(1);
  }

  @Test
  void emptyOptional_isNotCachedByDefault() {
    assertThat(movies.findByTitle("Heat")).isEmpty();
    assertThat(movies.findByTitle("Heat")).isEmpty();

    assertThat(fake.calls("findByTitle")).isEqualTo(2);
  }

  @Test
  void emptyOptional_isCachedWithCacheNulls() {
    assertThat(movies.findByTitleCachingNone("Heat")).isEmpty();
    fake.put(new Movie(3, "Heat", Genre.DRAMA));
    assertThat(movies.findByTitleCachingNone("Heat")).isEmpty();

    assertThat(fake.calls("findByTitleCachingNone")).isEqualTo(1);
  }

  @Test
  void nullResult_isNotCachedByDefault() {
    assertThat(movies.findNullable(99)).isNull();
    fake.put(new Movie(99, "Ran", Genre.DRAMA));

    assertThat(movies.findNullable(99)).isEqualTo(new Movie(99, "Ran", Genre.DRAMA));
    assertThat(fake.calls("findNullable")).isEqualTo(2);
  }

  @Test
  void completableFuture_cachesItsResult() throws Exception {
    Movie first = movies.loadAsync(1).get(5, TimeUnit.SECONDS);
    Movie second = movies.loadAsync(1).get(5, TimeUnit.SECONDS);

    assertThat(first).isEqualTo(new Movie(1, "Alien", Genre.DRAMA));
    assertThat(second).isEqualTo(first);
    assertThat(fake.calls("loadAsync")).isEqualTo(1);
  }

  @Test
  void failedFuture_isNotCached_andItsExceptionReachesTheCaller() throws Exception {
    IllegalStateException failure = new IllegalStateException("backend down");
    fake.asyncFailure = failure;

    assertThatThrownBy(() -> movies.loadAsync(1).join())
        .isInstanceOf(CompletionException.class)
        .hasCause(failure);

    fake.asyncFailure = null;
    assertThat(movies.loadAsync(1).get(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(fake.calls("loadAsync")).isEqualTo(2);
  }

  @Test
  void completionStage_cachesItsResult() throws Exception {
    List<Movie> dramas = movies.loadStage(Genre.DRAMA).toCompletableFuture().get(5, TimeUnit.SECONDS);
    movies.loadStage(Genre.DRAMA).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(dramas).containsExactly(new Movie(1, "Alien", Genre.DRAMA));
    assertThat(fake.calls("loadStage")).isEqualTo(1);
  }

  @Test
  void futureReturningInvalidation_runsWhenTheFutureCompletes() throws Exception {
    movies.loadAsync(2).get(5, TimeUnit.SECONDS);

    movies.deleteAsync(2).get(5, TimeUnit.SECONDS);

    assertThat(movies.loadAsync(2).get(5, TimeUnit.SECONDS)).isNull();
    assertThat(fake.calls("loadAsync")).isEqualTo(2);
  }

  @Test
  void futureReturningMultiInvalidation_removesEveryNamedKeyAndGroup_butNotNeighbours() throws Exception {
    movies.loadAsync(2).get(5, TimeUnit.SECONDS);
    movies.getMovie(2);
    movies.getMetadata(2, "en");
    movies.getMetadata(2, "de");
    movies.getMetadata(22, "en");
    movies.recentlyAdded();
    movies.getMovie(1);

    movies.retireAsync(2).get(5, TimeUnit.SECONDS);

    assertThat(movies.loadAsync(2).get(5, TimeUnit.SECONDS)).isNull();
    assertThat(fake.calls("loadAsync")).isEqualTo(2);
    movies.getMovie(2);
    assertThat(fake.calls("getMovie")).isEqualTo(3);
    movies.getMetadata(2, "en");
    movies.getMetadata(2, "de");
    assertThat(fake.calls("getMetadata")).as("movie:meta:2:* reloads").isEqualTo(5);
    movies.getMetadata(22, "en");
    assertThat(fake.calls("getMetadata")).as("movie:meta:22:en is another group").isEqualTo(5);
    movies.recentlyAdded();
    assertThat(fake.calls("recentlyAdded")).isEqualTo(2);
    movies.getMovie(1);
    assertThat(fake.calls("getMovie")).as("movie:1 is not named").isEqualTo(3);
  }

  @Test
  void futureReturningMultiInvalidation_runsAtOnceWhenTheCallThrows() throws Exception {
    movies.getMovie(1);
    movies.getMetadata(1, "en");
    movies.recentlyAdded();
    fake.retireFailure = new IllegalStateException("offline");

    assertThatThrownBy(() -> movies.retireAsync(1)).isSameAs(fake.retireFailure);

    movies.getMovie(1);
    movies.getMetadata(1, "en");
    movies.recentlyAdded();
    assertThat(fake.calls("getMovie")).isEqualTo(2);
    assertThat(fake.calls("getMetadata")).isEqualTo(2);
    assertThat(fake.calls("recentlyAdded")).isEqualTo(2);
  }

  @Test
  void primitiveResult_isCachedAsItsBox() {
    assertThat(movies.countByGenre(Genre.COMEDY)).isEqualTo(1L);
    assertThat(movies.countByGenre(Genre.COMEDY)).isEqualTo(1L);

    assertThat(fake.calls("countByGenre")).isEqualTo(1);
  }

  @Test
  void arrayResult_andCollectionKey_areCached() {
    Movie[] found = movies.byIds(List.of(1L, 2L));
    movies.byIds(List.of(1L, 2L));

    assertThat(found).extracting(Movie::id).containsExactly(1L, 2L);
    assertThat(fake.calls("byIds")).isEqualTo(1);
    assertThat(cache.exists("movie:array:[1,2]")).isTrue();
  }

  @Test
  void unannotatedAndDefaultMethods_callTheDelegateEveryTime() {
    movies.describe(7);
    movies.describe(7);
    assertThat(movies.greeting()).isEqualTo("hello from movie 0");

    assertThat(fake.calls("describe")).isEqualTo(3);
  }

  @Test
  void nullCache_passesEveryCallThrough() throws IOException {
    MovieApi uncached = decorate(fake, null);

    uncached.getMovie(1);
    uncached.getMovie(1);
    uncached.updateMovie(new Movie(1, "Alien", Genre.DRAMA));
    assertThat(uncached.findByTitle("Alien")).isPresent();

    assertThat(fake.calls("getMovie")).isEqualTo(2);
    assertThat(fake.calls("updateMovie")).isEqualTo(1);
  }

  @Test
  void nullDelegate_isRejected() {
    assertThatThrownBy(() -> decorate(null, cache))
        .hasRootCauseInstanceOf(NullPointerException.class)
        .hasRootCauseMessage("delegate");
  }

  @Test
  void l1False_keepsValuesOutOfL1() {
    movies.getFromL2(1);
    movies.getFromL2(1);

    // Without L2 and without L1 nothing is kept: every call loads.
    assertThat(fake.calls("getFromL2")).isEqualTo(2);
    assertThat(cache.exists("movie:l2-only:1")).isFalse();
  }

  @Test
  void keyBuilders_areUsableByHand() throws Exception {
    Class<?> keys = generated.loadClass("p.MovieServiceCacheKeys");

    assertThat(keys.getMethod("getMovie", long.class).invoke(null, 42L)).isEqualTo("movie:42");
    assertThat(keys.getMethod("getMetadata", long.class, String.class).invoke(null, 42L, "a:b"))
        .isEqualTo("movie:meta:42:a%3Ab");
    assertThat(keys.getField("GET_MOVIE_TTL").get(null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(keys.getField("GET_MOVIE_PREFIX").get(null)).isEqualTo("movie:");
  }

  @Test
  void optionalEmptyIsNotConfusedWithAbsentKey() {
    assertThat(Optional.ofNullable(movies.findNullable(1))).isPresent();
  }
}
