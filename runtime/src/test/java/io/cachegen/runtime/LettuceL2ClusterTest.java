package io.cachegen.runtime;

import io.cachegen.testing.RedisClusterExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link L2} contract for {@link LettuceL2} on Redis Cluster (3 masters with a replica each): keys
 * spread over the shards, sharded pub/sub on the channels' shard, and a failover of that shard's master
 * (the subscription moves to the promoted replica).
 */
class LettuceL2ClusterTest extends L2ContractTest {
  @RegisterExtension
  static final RedisClusterExtension redis = new RedisClusterExtension();

  private static ServersControl control;

  @BeforeAll
  static void control() {
    control = ServersControl.of(redis.cluster());
  }

  @AfterAll
  static void closeControl() {
    control.close();
  }

  @Override
  protected RedisControl redis() {
    return control;
  }

  @Override
  protected L2 newL2(String instanceId) {
    return new LettuceL2(LettuceSettings.of(redis.uri(), instanceId)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)));
  }

  /**
   * Every master was killed and restarted: a restarted cluster node answers {@code CLUSTERDOWN} until the
   * cluster state is ok again (Redis keeps a fresh master failing for about 2 s), so reconnection takes
   * that long here.
   */
  @Override
  protected Duration reconnectBound() {
    return Duration.ofSeconds(5);
  }
}
