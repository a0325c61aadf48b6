package io.cachegen.runtime;

import io.cachegen.testing.RedisSentinelSetExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link L2} contract for {@link LettuceL2} on a Sentinel set (a master, a replica, three sentinels):
 * Lettuce asks the sentinels for the master on every (re)connection; a failover is an outage, after
 * which commands and the subscription recover on the new master.
 */
class LettuceL2SentinelTest extends L2ContractTest {
  @RegisterExtension
  static final RedisSentinelSetExtension redis = new RedisSentinelSetExtension();

  private static ServersControl control;

  @BeforeAll
  static void control() {
    control = ServersControl.of(redis.sentinelSet());
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
}
