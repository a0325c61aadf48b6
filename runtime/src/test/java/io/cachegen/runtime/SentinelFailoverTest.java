package io.cachegen.runtime;

import io.cachegen.testing.RedisSentinelSetExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * G6 on Sentinel ({@code redis-sentinel://}, a master, one replica, three sentinels): the master is
 * killed while two instances read and write; Lettuce finds the promoted replica through the sentinels.
 * See {@link FaultTests#throughFailover} for what is checked and which window G3 excuses.
 */
class SentinelFailoverTest {
  @RegisterExtension
  static final RedisSentinelSetExtension redis = new RedisSentinelSetExtension();

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() {
    FaultTests.closeAll(closeables);
  }

  @Test
  void aKilledMaster_isFailedOverWithoutAnExceptionAtCallers_keepingG1_andG3OutsideTheFailover_andL2IsReadAgain() {
    VersionedDb db = VersionedDb.inMemory();
    List<CacheInstance> ab = FaultTests.locals(2, redis.uri(), db, 10, Duration.ofSeconds(1), Duration.ZERO);
    closeables.addAll(ab);
    FaultTests.awaitUp(ab);
    FaultTests.throughFailover("Sentinel", ab, 50, 10, () -> redis.sentinelSet().killMasterAndAwaitFailover());
  }
}
