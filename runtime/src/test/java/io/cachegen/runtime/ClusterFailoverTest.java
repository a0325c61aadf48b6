package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.testing.RedisCluster;
import io.cachegen.testing.RedisClusterExtension;
import io.cachegen.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * G6 on Redis Cluster ({@code redis-cluster://}, 3 masters with a replica each): the master that serves
 * the channels' slot is killed while two instances read and write, so the sharded subscription has to
 * move as well as the keys of that shard. See {@link FaultTests#throughFailover} for what is checked and
 * which window G3 excuses. Then a group invalidation still reaches keys on every shard.
 */
class ClusterFailoverTest {
  @RegisterExtension
  static final RedisClusterExtension redis = new RedisClusterExtension();

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() {
    FaultTests.closeAll(closeables);
  }

  @Test
  void aKilledMaster_isFailedOverWithoutAnExceptionAtCallers_keepingG1_andG3OutsideTheFailover_andGroupsStillWorkAcrossShards() {
    VersionedDb db = VersionedDb.inMemory();
    List<CacheInstance> ab = FaultTests.locals(2, redis.uri(), db, 10, Duration.ofSeconds(1), Duration.ZERO);
    closeables.addAll(ab);
    FaultTests.awaitUp(ab);
    RedisCluster cluster = redis.cluster();
    FaultTests.throughFailover("Cluster", ab, 50, 10,
        () -> cluster.killAndAwaitFailover(cluster.masterOf("{cachegen}:invalidations")));

    // The group "meta:" and the groups "meta:<id>:" hold keys on every shard.
    List<String> metaKeys = Catalog.keys(0, 10);
    Set<Integer> shards = new HashSet<>();
    for (String key : metaKeys) {
      RedisServer owner = cluster.masterOf(key);
      shards.add(owner.port());
    }
    assertThat(shards).as("the meta keys live on every shard").hasSize(3);
    FreshnessChecker checker = new FreshnessChecker(FaultTests.S, FaultTests.ALLOWANCE);
    CacheInstance a = ab.get(0);
    CacheInstance b = ab.get(1);
    for (String key : metaKeys) {
      checker.read(a, key);
      checker.read(b, key);
    }
    checker.write(a, "meta:");
    int spanning = 0;
    for (int id = 0; id < 10; id++) {
      if (cluster.masterOf("meta:" + id + ":en") != cluster.masterOf("meta:" + id + ":fr")) {
        spanning++;
      }
      checker.write(b, "meta:" + id + ":");
    }
    assertThat(spanning).as("groups of one id whose keys live on two shards").isPositive();
    LockSupport.parkNanos(checker.bound().toNanos());
    for (String key : metaKeys) {
      checker.read(a, key);
      checker.read(b, key);
    }
    FreshnessChecker.Report report = checker.report();
    System.out.println("cluster groups: " + report);
    assertThat(report.writes()).isEqualTo(11);
    assertThat(report.g1Violations()).as("G1").isEmpty();
    assertThat(report.g3Violations()).as("G3").isEmpty();
  }
}
