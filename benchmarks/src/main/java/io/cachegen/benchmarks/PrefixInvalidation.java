package io.cachegen.benchmarks;

import io.cachegen.runtime.TieredCache;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Prefix invalidation of {@link #DOOMED} keys among {@link #TOTAL} keys in Redis: how long it takes, and
 * how long Redis takes to answer a {@code PING} on another connection while it runs (a {@code KEYS}
 * call would stall every client; {@code SCAN} + {@code UNLINK} should not). cachegen now changes one
 * group token instead of removing keys (the keys stay, misses for every instance, until their TTL:
 * {@link GroupInvalidation} checks what is readable); the way it removed them before, {@code SCAN} +
 * {@code UNLINK}, is done by hand for comparison.
 */
final class PrefixInvalidation {
  static final int TOTAL = 1_000_000;
  static final int DOOMED = 10_000;
  /** What the old {@code invalidatePrefix} asked SCAN for per call. */
  static final int SCAN_COUNT = 5000;

  record Result(String who, String how, double millis, long remaining, long removed, Latencies during, String error) {}

  private PrefixInvalidation() {}

  static List<Result> run(String uri) throws Exception {
    List<Result> results = new ArrayList<>();
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> loader = client.connect();
        Pinger pinger = new Pinger(uri)) {
      BenchEnv.flushAll(uri);
      load(loader.async(), "other:", "inv:");
      Latencies idle = pinger.loop(Duration.ofSeconds(1));
      results.add(new Result("(no invalidation)", "PING alone, 1 s", 0, loader.sync().dbsize(), 0, idle, null));

      try (TieredCache cache = TieredCache.builder().redisUri(uri).build()) {
        long before = loader.sync().dbsize();
        Result r = measure(pinger, () -> cache.invalidatePrefix("inv:"));
        long after = loader.sync().dbsize();
        // The keys stay; the one key added is the group's token.
        results.add(new Result("cachegen", "TieredCache.invalidatePrefix: one new group token (a key added); the keys "
            + "stay in Redis as misses until their TTL", r.millis(), after, Math.max(0, before - after), r.during(), r.error()));
      }

      long beforeSweep = loader.sync().dbsize();
      Result swept = measure(pinger, () -> scanAndUnlink(loader.sync(), "inv:"));
      long afterSweep = loader.sync().dbsize();
      results.add(new Result("cachegen before protocol v2 (by hand)", "SCAN MATCH inv:* COUNT " + SCAN_COUNT
          + " + UNLINK", swept.millis(), afterSweep, beforeSweep - afterSweep, swept.during(), swept.error()));

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
          Result r = measure(pinger, () -> manager.getCache("items").clear());
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
      System.out.printf("prefix %-18s %-45s %.1f ms removed %d, PING %s%n",
          r.who(), r.how(), r.millis(), r.removed(), r.during().summary());
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

  private static Result measure(Pinger pinger, Runnable invalidation) throws Exception {
    Pinger.Recording pings = pinger.start();
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
    return new Result("", "", millis, 0, 0, pings.stop(), error);
  }

  /** The old {@code invalidatePrefix}: one {@code SCAN} pass over the whole keyspace, {@code UNLINK} as it goes. */
  static long scanAndUnlink(RedisCommands<String, String> redis, String prefix) {
    ScanArgs args = ScanArgs.Builder.matches(prefix + "*").limit(SCAN_COUNT);
    long removed = 0;
    KeyScanCursor<String> cursor = redis.scan(args);
    while (true) {
      if (!cursor.getKeys().isEmpty()) {
        removed += redis.unlink(cursor.getKeys().toArray(String[]::new));
      }
      if (cursor.isFinished()) {
        return removed;
      }
      cursor = redis.scan(cursor, args);
    }
  }
}
