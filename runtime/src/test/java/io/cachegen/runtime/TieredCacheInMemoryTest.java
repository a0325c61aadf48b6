package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cachegen.runtime.internal.CacheAccess;
import io.cachegen.runtime.internal.CachedMethod;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TieredCacheInMemoryTest {
  private static final CachedMethod<Movie> MOVIE =
      CachedMethod.of("Movies.movie", "movie:", TypeRef.of(Movie.class), Duration.ofSeconds(30));
  private static final CachedMethod<List<Movie>> MOVIES =
      CachedMethod.of("Movies.recent", "movie:recent", new TypeRef<List<Movie>>() {}, Duration.ofMinutes(2));

  private final FakeTicker ticker = new FakeTicker();
  private final TieredCache cache = TieredCache.builder().ticker(ticker).l1Executor(Runnable::run).build();
  private final CacheAccess access = CacheAccess.of(cache);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    cache.close();
  }

  @Test
  void repeatedReadsLoadOnce() {
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 5; i++) {
      Movie m = access.get(MOVIE, "movie:1", () -> {
        loads.incrementAndGet();
        return Movie.of(1);
      });
      assertThat(m).isEqualTo(Movie.of(1));
    }
    assertThat(loads).hasValue(1);
    CacheStats stats = cache.stats();
    assertThat(stats.l1Hits()).isEqualTo(4);
    assertThat(stats.l1Misses()).isEqualTo(1);
    assertThat(stats.loads()).isEqualTo(1);
    assertThat(stats.l2Hits() + stats.l2Misses()).as("no L2 is configured").isZero();
  }

  @Test
  void entryExpiresFromL1AtItsOwnTtlWhenShorterThanTheL1Ttl() {
    AtomicInteger loads = new AtomicInteger();
    Loader<Movie, RuntimeException> loader = () -> Movie.of(loads.incrementAndGet());
    access.get(MOVIE, "movie:1", loader);
    ticker.advance(Duration.ofSeconds(29));
    assertThat(access.get(MOVIE, "movie:1", loader).id()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(access.get(MOVIE, "movie:1", loader).id()).isEqualTo(2);
  }

  @Test
  void entryWithLongerTtlExpiresAtTheL1Ttl() {
    AtomicInteger loads = new AtomicInteger();
    CachedMethod<Movie> daily = CachedMethod.of("Images.image", "image:", TypeRef.of(Movie.class), Duration.ofDays(1));
    access.get(daily, "image:1", () -> Movie.of(loads.incrementAndGet()));
    ticker.advance(Duration.ofMinutes(5));
    access.get(daily, "image:1", () -> Movie.of(loads.incrementAndGet()));
    assertThat(loads).hasValue(2);
  }

  @Test
  void concurrentCallersOfOneKeyShareOneLoad() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Loader<Movie, InterruptedException> slow = () -> {
      loads.incrementAndGet();
      loading.countDown();
      release.await();
      return Movie.of(7);
    };
    Future<Movie> first = pool.submit(() -> access.get(MOVIE, "movie:7", slow));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Movie>> others = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      others.add(pool.submit(() -> access.get(MOVIE, "movie:7", slow)));
    }
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(Movie.of(7));
    for (Future<Movie> f : others) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(Movie.of(7));
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void checkedExceptionFromTheLoaderReachesTheCallerUnchangedAndNothingIsCached() {
    IOException boom = new IOException("disk on fire");
    assertThatThrownBy(() -> access.get(MOVIE, "movie:1", () -> {
      throw boom;
    })).isSameAs(boom);
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    assertThat(access.get(MOVIE, "movie:1", () -> Movie.of(1))).isEqualTo(Movie.of(1));
  }

  @Test
  void callersWaitingOnAFailedLoadGetTheSameException() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IllegalStateException boom = new IllegalStateException("db down");
    Future<?> first = pool.submit(() -> access.get(MOVIE, "movie:1", () -> {
      loading.countDown();
      release.await();
      throw boom;
    }));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Throwable> waiterSaw = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        access.get(MOVIE, "movie:1", () -> Movie.of(99));
        waiterSaw.complete(null);
      } catch (Throwable t) {
        waiterSaw.complete(t);
      }
    });
    waiter.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.WAITING);
    release.countDown();
    assertThatThrownBy(first::get).hasCause(boom);
    assertThat(waiterSaw.get(10, TimeUnit.SECONDS)).isSameAs(boom);
  }

  @Test
  void nullIsNotCachedUnlessTheSpecSaysSo() {
    AtomicInteger loads = new AtomicInteger();
    Loader<Movie, RuntimeException> nothing = () -> {
      loads.incrementAndGet();
      return null;
    };
    assertThat(access.get(MOVIE, "movie:404", nothing)).isNull();
    assertThat(access.get(MOVIE, "movie:404", nothing)).isNull();
    assertThat(loads).hasValue(2);

    CachedMethod<Movie> cachingNulls = MOVIE.cachingNulls();
    assertThat(access.get(cachingNulls, "movie:405", nothing)).isNull();
    assertThat(access.get(cachingNulls, "movie:405", nothing)).isNull();
    assertThat(loads).hasValue(3);
  }

  @Test
  void specWithoutL1KeepsNothingInProcess() {
    AtomicInteger loads = new AtomicInteger();
    CachedMethod<Movie> l2Only = MOVIE.l2Only();
    access.get(l2Only, "movie:1", () -> Movie.of(loads.incrementAndGet()));
    access.get(l2Only, "movie:1", () -> Movie.of(loads.incrementAndGet()));
    assertThat(loads).hasValue(2);
    assertThat(cache.stats().l1Size()).isZero();
  }

  @Test
  void valueLoadedBeforeAnInvalidationIsNotStoredAfterIt() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Movie> reader = pool.submit(() -> access.get(MOVIE, "movie:1", () -> {
      loading.countDown();
      release.await();
      return new Movie(1, "old title", List.of());
    }));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
    cache.delete("movie:1"); // a writer changed the movie while the reader was loading
    release.countDown();
    assertThat(reader.get(10, TimeUnit.SECONDS).title()).isEqualTo("old title");
    assertThat(access.get(MOVIE, "movie:1", () -> new Movie(1, "new title", List.of())).title())
        .isEqualTo("new title");
  }

  @Test
  void readerArrivingAfterAnInvalidationDoesNotJoinALoadThatBeganBeforeIt() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Movie> early = pool.submit(() -> access.get(MOVIE, "movie:1", () -> {
      loading.countDown();
      release.await();
      return new Movie(1, "old title", List.of());
    }));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
    cache.delete("movie:1"); // the write: the movie changed after the early load read it
    Future<Movie> readBack = pool.submit(() -> access.get(MOVIE, "movie:1", () -> new Movie(1, "new title", List.of())));
    assertThat(readBack.get(10, TimeUnit.SECONDS).title()).as("not the early load's value, nor waiting for it").isEqualTo("new title");
    release.countDown();
    assertThat(early.get(10, TimeUnit.SECONDS).title()).isEqualTo("old title");
    assertThat(access.get(MOVIE, "movie:1", () -> new Movie(1, "reloaded", List.of())).title())
        .as("the early load's value was not stored over the new one").isEqualTo("new title");
  }

  @Test
  void asyncReaderArrivingAfterAnInvalidationDoesNotJoinALoadThatBeganBeforeIt() throws Exception {
    CompletableFuture<Movie> slow = new CompletableFuture<>();
    CompletableFuture<Movie> early = access.getAsync(MOVIE, "movie:1", () -> slow);
    cache.delete("movie:1");
    CompletableFuture<Movie> readBack =
        access.getAsync(MOVIE, "movie:1", () -> CompletableFuture.completedFuture(new Movie(1, "new title", List.of())));
    assertThat(readBack.get(5, TimeUnit.SECONDS).title()).isEqualTo("new title");
    slow.complete(new Movie(1, "old title", List.of()));
    assertThat(early.get(5, TimeUnit.SECONDS).title()).isEqualTo("old title");
    assertThat(cache.getJson("movie:1", TypeRef.of(Movie.class)).title()).isEqualTo("new title");
  }

  @Test
  void prefixInvalidationRemovesOnlyKeysUnderThePrefix() {
    cache.setJson("movie:meta:1:en", "a", Duration.ofMinutes(1));
    cache.setJson("movie:meta:1:fr", "b", Duration.ofMinutes(1));
    cache.setJson("movie:meta:10:en", "c", Duration.ofMinutes(1));
    cache.setJson("movie:1", "d", Duration.ofMinutes(1));
    cache.invalidatePrefix("movie:meta:1:");
    assertThat(cache.exists("movie:meta:1:en")).isFalse();
    assertThat(cache.exists("movie:meta:1:fr")).isFalse();
    assertThat(cache.exists("movie:meta:10:en")).isTrue();
    assertThat(cache.exists("movie:1")).isTrue();
  }

  @Test
  void byteLevelOperationsWorkWithoutRedis() {
    cache.set("k", new byte[] {1, 2, 3}, Duration.ofSeconds(10));
    assertThat(cache.get("k")).containsExactly(1, 2, 3);
    assertThat(cache.exists("k")).isTrue();
    cache.delete("k");
    assertThat(cache.get("k")).isNull();
    assertThat(cache.exists("k")).isFalse();
  }

  @Test
  void typedValuesCanBeReadWithTheirExactGenericType() {
    cache.setJson("movie:recent", List.of(Movie.of(1), Movie.of(2)), new TypeRef<List<Movie>>() {}, Duration.ofMinutes(2));
    List<Movie> movies = cache.getJson("movie:recent", new TypeRef<List<Movie>>() {});
    assertThat(movies).containsExactly(Movie.of(1), Movie.of(2));
    assertThat(access.get(MOVIES, "movie:recent", List::of)).containsExactly(Movie.of(1), Movie.of(2));
  }

  @Test
  void asyncLoadsAreSharedAndFailedFuturesAreNotCached() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CompletableFuture<Movie> pending = new CompletableFuture<>();
    CompletableFuture<Movie> a = access.getAsync(MOVIE, "movie:1", () -> {
      loads.incrementAndGet();
      return pending;
    });
    CompletableFuture<Movie> b = access.getAsync(MOVIE, "movie:1", () -> {
      loads.incrementAndGet();
      return CompletableFuture.completedFuture(Movie.of(2));
    });
    assertThat(a).isNotDone();
    pending.completeExceptionally(new IOException("timeout"));
    assertThatThrownBy(a::join).hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(b::join).hasCauseInstanceOf(IOException.class);
    assertThat(loads).hasValue(1);

    CompletableFuture<Movie> c = access.getAsync(MOVIE, "movie:1", () -> CompletableFuture.completedFuture(Movie.of(3)));
    assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo(Movie.of(3));
    CompletableFuture<Movie> d = access.getAsync(MOVIE, "movie:1", () -> {
      throw new AssertionError("must be served from L1");
    });
    assertThat(d).isCompletedWithValue(Movie.of(3));
  }

  @Test
  void evictionsAreCounted() {
    TieredCache small = TieredCache.builder().l1MaximumSize(10).l1Executor(Runnable::run).build();
    for (int i = 0; i < 100; i++) {
      long id = i;
      CacheAccess.of(small).get(MOVIE, "movie:" + i, () -> Movie.of(id));
    }
    assertThat(small.stats().evictions()).isGreaterThanOrEqualTo(90);
    small.close();
  }

  @Test
  void builderRejectsInvalidSettingsNamingThem() {
    assertThatThrownBy(() -> TieredCache.builder().l1Ttl(Duration.ZERO)).hasMessageContaining("l1Ttl must be positive");
    assertThatThrownBy(() -> TieredCache.builder().commandTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("commandTimeout must be positive");
    assertThatThrownBy(() -> TieredCache.builder().l1MaximumSize(-1)).hasMessageContaining("l1MaximumSize");
    assertThatThrownBy(() -> CachedMethod.of("m", "p:", TypeRef.of(Movie.class), Duration.ZERO)).hasMessageContaining("ttl must be positive");
  }

  @Test
  void unencodableValueIsACacheExceptionOnExplicitSet() {
    Object selfReferencing = new Object() {
      @SuppressWarnings("unused")
      public Object getSelf() {
        return this;
      }
    };
    assertThatThrownBy(() -> cache.setJson("k", selfReferencing, Duration.ofSeconds(1)))
        .isInstanceOf(CacheException.class).hasMessageContaining("\"k\"");
  }

  record Pa(String name, int qty) {}

  record Pb(String city, int capacity) {}

  @Test
  void twoTypesUnderOnePrefixNeverReadEachOthersValues() {
    CachedMethod<Pa> a = CachedMethod.of("A.get", "item:", TypeRef.of(Pa.class), Duration.ofMinutes(1));
    CachedMethod<Pb> b = CachedMethod.of("B.get", "item:", TypeRef.of(Pb.class), Duration.ofMinutes(1));
    assertThat(access.get(a, "item:x", () -> new Pa("apple", 3))).isEqualTo(new Pa("apple", 3));
    assertThat(access.peek(b, "item:x")).as("an L1 value of another type is not a hit").isNull();
    assertThat(access.get(b, "item:x", () -> new Pb("Lyon", 7))).isEqualTo(new Pb("Lyon", 7));
    assertThat(access.get(b, "item:x", () -> new Pb("Paris", 1))).as("B's own value is cached").isEqualTo(new Pb("Lyon", 7));
    assertThat(cache.getJson("item:x", TypeRef.of(Pa.class))).as("B's value is a miss for A's type").isNull();
  }

  @Test
  void handWrittenCallsWithAnEqualTypeHitL1WithoutLoading() {
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      cache.cacheAside("movie:9", Duration.ofMinutes(1), TypeRef.of(Movie.class), () -> Movie.of(loads.incrementAndGet()));
      cache.cacheAside("movie:recent:9", Duration.ofMinutes(1), new TypeRef<List<Movie>>() {}, () -> List.of(Movie.of(loads.incrementAndGet())));
    }
    assertThat(loads).hasValue(2);
    assertThat(cache.stats().l1Hits()).isEqualTo(4);
  }
}
