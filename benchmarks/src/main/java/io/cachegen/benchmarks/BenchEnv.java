package io.cachegen.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

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

  /** Lets asynchronous L2 writes (cachegen fills Redis without making the caller wait) land. */
  static void settle() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
