package io.cachegen.runtime;

import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link L2} contract for {@link LettuceL2} on one {@code redis-server}. */
class LettuceL2StandaloneTest extends L2ContractTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static ServersControl control;

  @BeforeAll
  static void control() {
    control = ServersControl.of(redis.server());
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
