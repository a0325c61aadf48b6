package io.cachegen.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol suite ({@code --only protocol}): what the freshness protocol costs and delivers
 * ({@code docs/freshness-protocol.md}), measured on the harness's redis-server, one harness at a time:
 * write latency against the number of instances and with a stopped peer, staleness on another instance,
 * group invalidation in a big keyspace, and the samples' demo on PostgreSQL when one is configured.
 * A harness that fails is reported as such and the others still run.
 */
final class Protocol {
  static final List<Integer> INSTANCES = List.of(1, 3, 8);
  static final int STALENESS_WRITES = 2_000;

  /** Everything the suite measured; a part that failed is {@code null} with its error in {@code failures}. */
  static final class Results {
    String redisVersion;
    Latencies ping;
    final List<WriteLatency.Result> writes = new ArrayList<>();
    StalledPeer.Result stalledPeer;
    Staleness.Result staleness;
    GroupInvalidation.Result group;
    List<PrefixInvalidation.Result> prefix;
    PostgresDemo.Result demo;
    final Map<String, String> failures = new LinkedHashMap<>();
  }

  private interface Part {
    void run() throws Exception;
  }

  private Protocol() {}

  static Results run(String uri, Map<String, String> env) {
    Results r = new Results();
    r.redisVersion = redisVersion(uri);
    attempt(r, "PING baseline", () -> {
      BenchEnv.flushAll(uri);
      try (Pinger pinger = new Pinger(uri)) {
        r.ping = pinger.loop(Duration.ofSeconds(1));
      }
      System.out.println("PING from a plain Lettuce client: " + r.ping.summary());
    });
    for (int n : INSTANCES) {
      attempt(r, "write latency, " + n + " instance(s)", () -> r.writes.add(WriteLatency.run(uri, n)));
    }
    attempt(r, "stalled peer", () -> r.stalledPeer = StalledPeer.run(uri));
    attempt(r, "staleness", () -> r.staleness = Staleness.run(uri, STALENESS_WRITES));
    attempt(r, "group invalidation", () -> r.group = GroupInvalidation.run(uri));
    attempt(r, "prefix invalidation", () -> r.prefix = PrefixInvalidation.run(uri));
    if (PostgresDemo.configured(env)) {
      attempt(r, "demo on PostgreSQL", () -> {
        BenchEnv.flushAll(uri);
        r.demo = PostgresDemo.run(env, uri);
      });
    }
    return r;
  }

  private static void attempt(Results r, String name, Part part) {
    try {
      part.run();
    } catch (Exception e) {
      System.err.println("protocol: " + name + " failed: " + e);
      e.printStackTrace();
      r.failures.put(name, e.toString());
    }
  }

  /** {@code redis_version} from {@code INFO server}. */
  private static String redisVersion(String uri) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      for (String line : c.sync().info("server").split("\r?\n")) {
        if (line.startsWith("redis_version:")) {
          return line.substring("redis_version:".length()).strip();
        }
      }
      return "unknown";
    } finally {
      client.shutdown();
    }
  }
}
