package io.cachegen.benchmarks;

import io.cachegen.runtime.TieredCache;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Prefix invalidation of {@link #DOOMED} keys among {@link #TOTAL} keys in Redis: how long it takes, and
 * how long Redis takes to answer a {@code PING} on another connection while it runs (a {@code KEYS}
 * call would stall every client; {@code SCAN} + {@code UNLINK} should not).
 */
final class PrefixInvalidation {
  static final int TOTAL = 1_000_000;
  static final int DOOMED = 10_000;

  /** Latencies of PING in microseconds. */
  record Pings(int count, double p50, double p99, double max) {
    static Pings of(long[] nanos, int n) {
      long[] v = Arrays.copyOf(nanos, n);
      Arrays.sort(v);
      if (n == 0) {
        return new Pings(0, 0, 0, 0);
      }
      return new Pings(n, v[(int) (n * 0.50)] / 1e3, v[Math.min(n - 1, (int) (n * 0.99))] / 1e3, v[n - 1] / 1e3);
    }
  }

  record Result(String who, String how, double millis, long remaining, long removed, Pings during, String error) {}

  private PrefixInvalidation() {}

  static List<Result> run(String uri) throws Exception {
    List<Result> results = new ArrayList<>();
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> loader = client.connect();
        StatefulRedisConnection<String, String> pinger = client.connect()) {
      BenchEnv.flushAll(uri);
      load(loader.async(), "other:", "inv:");
      Pings idle = pingFor(pinger.sync(), 1000);
      results.add(new Result("(no invalidation)", "PING alone, 1 s", 0, loader.sync().dbsize(), 0, idle, null));

      try (TieredCache cache = TieredCache.builder().redisUri(uri).build()) {
        long before = loader.sync().dbsize();
        Result r = measure(pinger.sync(), () -> cache.invalidatePrefix("inv:"));
        long after = loader.sync().dbsize();
        results.add(new Result("cachegen", "TieredCache.invalidatePrefix (SCAN + UNLINK)", r.millis(), after, before - after, r.during(), r.error()));
      }

      // Spring's RedisCache.clear(): first with its default batch strategy (KEYS), then with SCAN.
      for (boolean scan : new boolean[] {false, true}) {
        BenchEnv.flushAll(uri);
        load(loader.async(), "other:", "items::");
        java.net.URI u = java.net.URI.create(uri);
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(u.getHost(), u.getPort()));
        factory.afterPropertiesSet();
        factory.start();
        try {
          RedisCacheWriter writer = scan
              ? RedisCacheWriter.nonLockingRedisCacheWriter(factory, BatchStrategies.scan(1000))
              : RedisCacheWriter.nonLockingRedisCacheWriter(factory);
          RedisCacheManager manager = RedisCacheManager.builder(writer).initialCacheNames(java.util.Set.of("items")).build();
          manager.afterPropertiesSet();
          long before = loader.sync().dbsize();
          Result r = measure(pinger.sync(), () -> manager.getCache("items").clear());
          long after = loader.sync().dbsize();
          String how = scan ? "RedisCache.clear(), BatchStrategies.scan(1000)" : "RedisCache.clear(), default BatchStrategies.keys()";
          if (r.error() != null) {
            how += ": **fails**: " + r.error();
          } else if (before - after < DOOMED) {
            how += ": **returned normally but removed " + (before - after) + " of " + DOOMED + " keys** (see notes)";
          }
          results.add(new Result("spring-redis", how, r.millis(), after, before - after, r.during(), r.error()));
        } finally {
          factory.destroy();
        }
      }
      BenchEnv.flushAll(uri);
    } finally {
      client.shutdown();
    }
    for (Result r : results) {
      System.out.printf("prefix %-18s %-45s %.1f ms removed %d, PING p50 %.0f us p99 %.0f us max %.0f us (%d pings)%n",
          r.who(), r.how(), r.millis(), r.removed(), r.during().p50(), r.during().p99(), r.during().max(), r.during().count());
    }
    return results;
  }

  /** {@code TOTAL - DOOMED} keys under {@code other}, {@code DOOMED} under {@code doomed}, interleaved, 32-byte values. */
  private static void load(RedisAsyncCommands<String, String> redis, String other, String doomed) throws Exception {
    String value = "x".repeat(32);
    int every = TOTAL / DOOMED;
    List<RedisFuture<String>> pending = new ArrayList<>();
    Map<String, String> batch = new HashMap<>();
    for (int i = 0; i < TOTAL; i++) {
      batch.put((i % every == 0 ? doomed : other) + i, value);
      if (batch.size() == 1000) {
        pending.add(redis.mset(batch));
        batch = new HashMap<>();
        if (pending.size() == 64) {
          for (RedisFuture<String> f : pending) {
            f.get(60, TimeUnit.SECONDS);
          }
          pending.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      pending.add(redis.mset(batch));
    }
    for (RedisFuture<String> f : pending) {
      f.get(60, TimeUnit.SECONDS);
    }
  }

  private static Result measure(RedisCommands<String, String> ping, Runnable invalidation) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean recording = new AtomicBoolean(false);
    long[] latencies = new long[4_000_000];
    int[] count = new int[1];
    CountDownLatch warmedUp = new CountDownLatch(10);
    Thread pinger = new Thread(() -> {
      int n = 0;
      while (running.get() && n < latencies.length) {
        boolean record = recording.get();
        long t = System.nanoTime();
        ping.ping();
        warmedUp.countDown();
        if (record) {
          latencies[n++] = System.nanoTime() - t;
        }
      }
      count[0] = n;
    }, "pinger");
    pinger.start();
    warmedUp.await(); // a few unrecorded PINGs first, so that recording starts on a warm connection
    recording.set(true);
    long start = System.nanoTime();
    String error = null;
    try {
      invalidation.run();
    } catch (Throwable t) {
      Throwable root = t;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      error = root.getClass().getSimpleName() + ": " + root.getMessage();
    }
    double millis = (System.nanoTime() - start) / 1e6;
    running.set(false);
    pinger.join();
    return new Result("", "", millis, 0, 0, Pings.of(latencies, count[0]), error);
  }

  private static Pings pingFor(RedisCommands<String, String> ping, long millis) {
    long[] latencies = new long[4_000_000];
    int n = 0;
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end && n < latencies.length) {
      long t = System.nanoTime();
      ping.ping();
      latencies[n++] = System.nanoTime() - t;
    }
    return Pings.of(latencies, n);
  }
}
