package io.cachegen.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one {@link RedisSentinelSet} for a test class, and hands every test a healthy, empty one.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisSentinelSetExtension redis = new RedisSentinelSetExtension();
 *
 * @Test
 * void survivesAFailover() {
 *   TieredCache cache = TieredCache.builder().redisUri(redis.uri()).build();
 *   redis.sentinelSet().killMasterAndAwaitFailover();
 *   ...
 * }
 * }</pre>
 *
 * <p>Before each test the set is healed ({@link RedisSentinelSet#heal()}: paused processes resumed, killed ones
 * restarted, a killed master as a replica of its successor, then a wait until the sentinels agree) and flushed.
 * Roles are not switched back: after a failover the promoted replica stays master. After the class every process
 * is killed. Register it as a {@code static} field.
 */
public final class RedisSentinelSetExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final RedisSentinelSet.Builder builder;
  private RedisSentinelSet set;

  /** A master, one replica and three sentinels with quorum 2. */
  public RedisSentinelSetExtension() {
    this(RedisSentinelSet.builder());
  }

  /** A set-up as the builder says ({@code RedisSentinelSet.builder().replicas(2).sentinels(5).quorum(3)}). */
  public RedisSentinelSetExtension(RedisSentinelSet.Builder builder) {
    this.builder = builder;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    set = builder.start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    sentinelSet().heal();
    sentinelSet().flushAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (set != null) {
      set.close();
      set = null;
    }
  }

  /** The set-up, to kill, pause or restart its master, replicas and sentinels. */
  public RedisSentinelSet sentinelSet() {
    if (set == null) {
      throw new IllegalStateException("the Sentinel set-up runs only while the test class runs; register the extension as a static field");
    }
    return set;
  }

  /** {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3#mymaster}. */
  public String uri() {
    return sentinelSet().uri();
  }

  /** The data node the sentinels name as master now. */
  public RedisServer master() {
    return sentinelSet().master();
  }

  /** Empties the master and waits until its replicas are empty too. */
  public void flushAll() {
    sentinelSet().flushAll();
  }
}
