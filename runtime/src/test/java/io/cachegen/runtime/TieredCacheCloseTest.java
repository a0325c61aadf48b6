package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TieredCache#close()} while many threads use the cache ({@code cacheAside}, {@code cacheAsideAsync},
 * {@code get}, {@code exists}, {@code setJson}, {@code delete}, {@code invalidatePrefix}): every call in flight
 * returns (a value from L1, L2 or the loader, or nothing for writes), and none throws.
 */
class TieredCacheCloseTest {
  private static final TypeRef<String> TEXT = TypeRef.of(String.class);
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final int THREADS = 8;

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @RepeatedTest(30)
  void callsInFlightDuringClose_returnAndNeverThrow() throws Exception {
    TieredCache cache = TieredCache.builder().redisUri(redis.uri()).build();
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.health().state() == L2State.UP);
    ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    AtomicBoolean closed = new AtomicBoolean();
    AtomicLong calls = new AtomicLong();
    AtomicLong callsAfterClose = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Go on a little after close() returned, so that calls overlap every stage of it.
        int after = 0;
        while (after < 20) {
          if (closed.get()) {
            after++;
          }
          String key = "movie:" + random.nextInt(50);
          try {
            switch (random.nextInt(8)) {
              case 0, 1 -> {
                String value = cache.cacheAside(key, TTL, TEXT, () -> "loaded " + key);
                if (value == null || !value.endsWith(key)) {
                  wrong.add("cacheAside(" + key + ") returned " + value);
                }
              }
              case 2 -> cache.delete(key);
              case 3 -> cache.invalidatePrefix("movie:");
              case 4 -> cache.setJson(key, "set " + key, TTL);
              case 5 -> cache.exists(key);
              case 6 -> {
                String value = cache.cacheAsideAsync(key, TTL, TEXT,
                    () -> java.util.concurrent.CompletableFuture.supplyAsync(() -> "loaded " + key))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
                if (value == null || !value.endsWith(key)) {
                  wrong.add("cacheAsideAsync(" + key + ") returned " + value);
                }
              }
              default -> {
                byte[] bytes = cache.get(key);
                if (bytes != null && !new String(bytes, StandardCharsets.UTF_8).contains(key)) {
                  wrong.add("get(" + key + ") returned " + new String(bytes, StandardCharsets.UTF_8));
                }
              }
            }
          } catch (Throwable e) {
            thrown.add(e);
          }
          calls.incrementAndGet();
          if (closed.get()) {
            callsAfterClose.incrementAndGet();
          }
        }
      }, "close-test-" + t);
      threads.add(thread);
      thread.start();
    }
    // Close once every thread is busy, at a varying point.
    long before = 50 + ThreadLocalRandom.current().nextInt(500);
    await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() >= before);
    cache.close();
    closed.set(true);
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(30).toMillis());
      assertThat(thread.isAlive()).as(thread.getName() + " returned from its call").isFalse();
    }
    thrown.forEach(Throwable::printStackTrace);
    assertThat(thrown).isEmpty();
    assertThat(wrong).isEmpty();
    assertThat(callsAfterClose.get()).isGreaterThanOrEqualTo(THREADS * 20L);
  }

  @Test
  void anAsyncCallWaitingForAnotherInstancesLoad_completesWhenTheCacheCloses() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (TieredCache loader = TieredCache.builder().redisUri(redis.uri()).leaseTime(Duration.ofSeconds(30)).build()) {
      TieredCache waiter = TieredCache.builder().redisUri(redis.uri()).leaseTime(Duration.ofSeconds(30)).build();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> loader.health().state() == L2State.UP && waiter.health().state() == L2State.UP);
      Thread slowLoad = new Thread(() -> {
        try {
          loader.cacheAside("movie:1", TTL, TEXT, () -> {
            loading.countDown();
            release.await();
            return "from the other instance";
          });
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      slowLoad.start();
      assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();

      // The other instance holds the lease: this call polls Redis on the cache's timer until it is released.
      CompletableFuture<String> waiting = waiter.cacheAsideAsync("movie:1", TTL, TEXT,
          () -> CompletableFuture.completedFuture("loaded here"));
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

      try {
        waiter.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("loaded here");
      } finally {
        release.countDown();
        slowLoad.join();
      }
    }
  }
}
