package io.cachegen.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClusterTest {

  @RegisterExtension
  static final RedisClusterExtension redis = new RedisClusterExtension();

  private static final ClientResources resources = DefaultClientResources.create();

  @AfterAll
  static void shutDownLettuce() {
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  @Test
  void formsThreeMastersEachWithOneLinkedReplica() {
    RedisCluster cluster = redis.cluster();
    assertThat(cluster.nodes()).hasSize(6);
    assertThat(cluster.masters()).hasSize(3).allSatisfy(m -> assertThat(m.role()).isEqualTo("master"));
    assertThat(cluster.replicas()).hasSize(3).allSatisfy(r -> assertThat(r.role()).isEqualTo("slave"));
    for (RedisServer master : cluster.masters()) {
      assertThat(cluster.replicasOf(master)).hasSize(1);
    }
    for (RedisServer node : cluster.nodes()) {
      assertThat((String) node.command("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_slots_ok:16384");
    }
    assertThat(cluster.uri()).isEqualTo(cluster.nodes().stream().map(n -> "127.0.0.1:" + n.port())
        .collect(Collectors.joining(",", "redis-cluster://", "")));
    assertThat(cluster.seeds()).containsExactlyElementsOf(cluster.nodes().stream().map(RedisServer::uri).toList());
  }

  @Test
  void lettuceClusterClientWritesAndReadsBackAKeyOnEveryShard() {
    RedisCluster cluster = redis.cluster();
    RedisClusterClient client = client(cluster);
    try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
      RedisAdvancedClusterCommands<String, String> lettuce = connection.sync();
      for (RedisServer master : cluster.masters()) {
        String key = keyServedBy(cluster, master);
        lettuce.set(key, "on " + master.port());
        assertThat(lettuce.get(key)).isEqualTo("on " + master.port());
        assertThat(master.command("GET", key)).isEqualTo("on " + master.port());
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void killingAMasterPromotesItsReplicaAndTheRestartedMasterRejoinsAsAReplica() {
    RedisCluster cluster = redis.cluster();
    RedisServer victim = cluster.masters().get(0);
    RedisServer replica = cluster.replicasOf(victim).get(0);
    String key = keyServedBy(cluster, victim);
    RedisClusterClient client = client(cluster);
    try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
      RedisAdvancedClusterCommands<String, String> lettuce = connection.sync();
      lettuce.set(key, "before");
      cluster.awaitReplication();

      long start = System.nanoTime();
      RedisServer promoted = cluster.killAndAwaitFailover(victim);
      System.out.printf("cluster failover after SIGKILL: %d ms%n", (System.nanoTime() - start) / 1_000_000);

      assertThat(promoted).isEqualTo(replica);
      assertThat(promoted.role()).isEqualTo("master");
      assertThat(cluster.masterOf(key)).isEqualTo(promoted);
      assertThat(cluster.masters()).hasSize(3).doesNotContain(victim);
      // a GET sent before Lettuce refreshed its topology waits on the dead node's connection and times out
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .untilAsserted(() -> assertThat(lettuce.get(key)).isEqualTo("before"));
      lettuce.set(key, "after");
      assertThat(promoted.command("GET", key)).isEqualTo("after");

      victim.restart();
      cluster.awaitHealthy();
      assertThat(victim.role()).isEqualTo("slave");
      assertThat(cluster.replicasOf(promoted)).containsExactly(victim);
      cluster.awaitReplication();
      assertThat(victim.pipeline(List.of("READONLY"), List.of("GET", key)).get(1)).isEqualTo("after");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void healRestartsKilledNodesAndResumesPausedOnes() {
    RedisCluster cluster = redis.cluster();
    RedisServer killed = cluster.replicas().get(0);
    RedisServer paused = cluster.replicas().get(1);
    long killedPid = killed.pid();
    killed.kill();
    paused.pause();

    cluster.heal();

    assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.isRunning() && !n.isPaused()).isTrue());
    assertThat(killed.pid()).isNotEqualTo(killedPid);
    assertThat(killed.role()).isEqualTo("slave");
    assertThat(paused.role()).isEqualTo("slave");
  }

  @Test
  void aMasterPausedThroughAFailoverIsAReplicaAfterHeal() {
    RedisCluster cluster = redis.cluster();
    RedisServer paused = cluster.masters().get(0);
    RedisServer replica = cluster.replicasOf(paused).get(0);
    paused.pause();
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.masters().contains(replica));

    cluster.heal();

    assertThat(paused.role()).isEqualTo("slave");
    assertThat(cluster.replicasOf(replica)).containsExactly(paused);
  }

  @Test
  void flushAllEmptiesEveryMasterAndItsReplicas() {
    RedisCluster cluster = redis.cluster();
    for (RedisServer master : cluster.masters()) {
      master.command("SET", keyServedBy(cluster, master), "v");
    }
    cluster.awaitReplication();
    assertThat(cluster.replicas()).allSatisfy(r -> assertThat(r.command("DBSIZE")).isEqualTo(1L));

    cluster.flushAll();

    assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.command("DBSIZE")).isEqualTo(0L));
  }

  /**
   * A cluster client with its topology refreshed on MOVED, on reconnects and every second. A command for a dead
   * node waits in its connection's queue until the command timeout (2 s here), so the timeout bounds how long a
   * reader waits after a failover.
   */
  private static RedisClusterClient client(RedisCluster cluster) {
    List<RedisURI> seeds = cluster.seeds().stream().map(RedisURI::create).toList();
    seeds.forEach(uri -> uri.setTimeout(Duration.ofSeconds(2)));
    RedisClusterClient client = RedisClusterClient.create(resources, seeds);
    client.setOptions(ClusterClientOptions.builder()
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(Duration.ofSeconds(1))
            .enableAllAdaptiveRefreshTriggers()
            .build())
        .build());
    return client;
  }

  private static String keyServedBy(RedisCluster cluster, RedisServer master) {
    for (int i = 0; ; i++) {
      String key = "key:" + i;
      if (cluster.masterOf(key).equals(master)) {
        return key;
      }
    }
  }
}
