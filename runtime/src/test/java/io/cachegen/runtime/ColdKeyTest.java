package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.runtime.internal.CacheAccess;
import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demand: one load per key per cluster when many instances miss one cold key (§4.2): the
 * lease in Redis makes every other instance wait for the one load, and callers in one JVM share it.
 */
class ColdKeyTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() {
    FaultTests.closeAll(closeables);
  }

  @Test
  void sixtyFourCallersOnFourInstancesMissingOneColdKey_loadItOnce() throws Exception {
    VersionedDb db = VersionedDb.inMemory();
    db.bump("item:7");
    AtomicInteger loads = new AtomicInteger();
    List<CacheInstance> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TieredCache cache = FaultTests.cache(redis.uri(), Duration.ofSeconds(3));
      // A load long enough for every caller to arrive while it runs.
      four.add(CacheInstance.local("I" + i, cache, new Catalog(CacheAccess.of(cache), db, 0, Duration.ZERO, (k, v) -> {
        loads.incrementAndGet();
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      })));
    }
    closeables.addAll(four);
    FaultTests.awaitUp(four);
    ExecutorService callers = Executors.newFixedThreadPool(64);
    closeables.add(callers::shutdownNow);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Long>> results = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      CacheInstance on = four.get(i % 4);
      results.add(CompletableFuture.supplyAsync(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return on.read("item:7").version();
      }, callers));
    }
    go.countDown();
    for (CompletableFuture<Long> r : results) {
      assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(loads).as("loads of the cold key by 64 callers on 4 instances").hasValue(1);
    long l2Hits = four.stream().mapToLong(i -> i.stats().l2Hits()).sum();
    System.out.println("cold key: 1 load, " + l2Hits + " L2 hits after waiting for the lease");
  }
}
