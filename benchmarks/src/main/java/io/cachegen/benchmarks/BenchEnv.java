package io.cachegen.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.locks.LockSupport;

/** What the launcher passes to the forked benchmark JVMs. */
final class BenchEnv {
  /** System property with the URI of the redis-server the launcher started. */
  static final String REDIS_PROPERTY = "cachegen.bench.redis";

  private BenchEnv() {}

  static String redisUri() {
    String uri = System.getProperty(REDIS_PROPERTY);
    if (uri == null || uri.isBlank()) {
      throw new IllegalStateException(
          "-D" + REDIS_PROPERTY + "=redis://127.0.0.1:<port> is not set; run benchmarks/run.sh, which starts its own redis-server");
    }
    return uri;
  }

  static void flushAll(String uri) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().flushall();
    } finally {
      client.shutdown();
    }
  }

  /**
   * Waits until asynchronous L2 writes (cachegen fills Redis without making the caller wait) have
   * landed: until Redis's key count has stopped changing for a few polls, at most 5 seconds.
   */
  static void settle(String uri) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      long deadline = System.nanoTime() + 5_000_000_000L;
      long last = -1;
      int stable = 0;
      while (stable < 3 && System.nanoTime() < deadline) {
        long size = c.sync().dbsize();
        stable = size == last ? stable + 1 : 0;
        last = size;
        LockSupport.parkNanos(20_000_000L);
      }
    } finally {
      client.shutdown();
    }
  }
}
