package io.cachegen.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one {@link RedisCluster} for a test class, and hands every test a healthy, empty one.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisClusterExtension redis = new RedisClusterExtension();
 *
 * @Test
 * void survivesAFailover() {
 *   TieredCache cache = TieredCache.builder().redisUri(redis.uri()).build();
 *   redis.cluster().killAndAwaitFailover(redis.cluster().masterOf("movie:42"));
 *   ...
 * }
 * }</pre>
 *
 * <p>Before each test the cluster is healed ({@link RedisCluster#heal()}: paused nodes resumed, killed ones
 * restarted, then a wait until every slot is served and every replica linked) and flushed. Roles are not switched
 * back: after a failover the promoted replica stays master. After the class every node is killed. Register it as
 * a {@code static} field.
 */
public final class RedisClusterExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final RedisCluster.Builder builder;
  private RedisCluster cluster;

  /** 3 masters with one replica each. */
  public RedisClusterExtension() {
    this(RedisCluster.builder());
  }

  /** A cluster as the builder says ({@code RedisCluster.builder().masters(3).replicasPerMaster(2)}). */
  public RedisClusterExtension(RedisCluster.Builder builder) {
    this.builder = builder;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = builder.start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    cluster().heal();
    cluster().flushAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  /** The cluster, to kill, pause or restart its nodes. */
  public RedisCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("the Redis Cluster runs only while the test class runs; register the extension as a static field");
    }
    return cluster;
  }

  /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,…}. */
  public String uri() {
    return cluster().uri();
  }

  /** Every node as {@code redis://127.0.0.1:port}. */
  public List<String> seeds() {
    return cluster().seeds();
  }

  /** Empties every master and waits until their replicas are empty too. */
  public void flushAll() {
    cluster().flushAll();
  }
}
