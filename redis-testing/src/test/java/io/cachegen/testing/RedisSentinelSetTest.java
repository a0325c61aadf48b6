package io.cachegen.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisSentinelSetTest {

  @RegisterExtension
  static final RedisSentinelSetExtension redis = new RedisSentinelSetExtension();

  private static final ClientResources resources = DefaultClientResources.create();

  @AfterAll
  static void shutDownLettuce() {
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  @Test
  void startsAMasterWithALinkedReplicaWatchedByThreeSentinels() {
    RedisSentinelSet set = redis.sentinelSet();
    assertThat(set.master().role()).isEqualTo("master");
    assertThat(set.replicas()).hasSize(1).allSatisfy(r -> assertThat(r.role()).isEqualTo("slave"));
    assertThat(set.sentinels()).hasSize(3).allSatisfy(s -> assertThat(s.role()).isEqualTo("sentinel"));
    assertThat(set.uri()).isEqualTo(set.sentinels().stream().map(s -> "127.0.0.1:" + s.port())
        .collect(Collectors.joining(",", "redis-sentinel://", "#mymaster")));
  }

  @Test
  void lettuceReadsTheUriAsItIsAndConnectsToTheMaster() {
    RedisSentinelSet set = redis.sentinelSet();
    RedisURI uri = RedisURI.create(set.uri());
    assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(uri.getSentinels()).extracting(RedisURI::getPort)
        .containsExactlyElementsOf(set.sentinels().stream().map(RedisServer::port).toList());

    RedisClient client = RedisClient.create(resources, uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> lettuce = connection.sync();
      lettuce.set("k", "v");
      assertThat(lettuce.info("server")).contains("tcp_port:" + set.master().port());
      assertThat(set.master().command("GET", "k")).isEqualTo("v");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void killingTheMasterPromotesTheReplicaWhichLettuceFindsAndTheOldMasterRejoinsAsAReplica() {
    RedisSentinelSet set = redis.sentinelSet();
    RedisServer old = set.master();
    RedisServer replica = set.replicas().get(0);
    RedisURI uri = RedisURI.create(set.uri());
    uri.setTimeout(Duration.ofSeconds(2));
    RedisClient client = RedisClient.create(resources, uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> lettuce = connection.sync();
      lettuce.set("k", "before");
      set.awaitReplication();

      long start = System.nanoTime();
      RedisServer promoted = set.killMasterAndAwaitFailover();
      System.out.printf("sentinel failover after SIGKILL: %d ms%n", (System.nanoTime() - start) / 1_000_000);

      assertThat(promoted).isEqualTo(replica);
      assertThat(promoted.role()).isEqualTo("master");
      assertThat(set.master()).isEqualTo(promoted);
      // the same connection reconnects through the sentinels, which now name the promoted replica
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .untilAsserted(() -> assertThat(lettuce.info("server")).contains("tcp_port:" + promoted.port()));
      assertThat(lettuce.get("k")).isEqualTo("before");
      lettuce.set("k", "after");
      assertThat(promoted.command("GET", "k")).isEqualTo("after");

      old.restart();
      set.awaitHealthy();
      assertThat(old.role()).isEqualTo("slave");
      assertThat(set.replicas()).containsExactly(old);
      set.awaitReplication();
      assertThat(old.command("GET", "k")).isEqualTo("after");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void healRestartsKilledProcessesAndResumesPausedOnes() {
    RedisSentinelSet set = redis.sentinelSet();
    RedisServer killed = set.sentinels().get(0);
    RedisServer paused = set.replicas().get(0);
    long killedPid = killed.pid();
    killed.kill();
    paused.pause();

    set.heal();

    assertThat(killed.pid()).isNotEqualTo(killedPid);
    assertThat(killed.role()).isEqualTo("sentinel");
    assertThat(paused.isPaused()).isFalse();
    assertThat(paused.role()).isEqualTo("slave");
  }

  @Test
  void healMakesAMasterPausedThroughAFailoverAReplicaWithoutWaitingForTheSentinels() {
    RedisSentinelSet set = redis.sentinelSet();
    RedisServer old = set.master();
    old.pause();
    await().atMost(Duration.ofSeconds(20)).until(() -> set.master() != old);

    long start = System.nanoTime();
    set.heal();
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(old.role()).isEqualTo("slave");
    assertThat(set.replicas()).containsExactly(old);
    // a sentinel converts a returning master only after it has been up for 8 s
    assertThat(millis).isLessThan(8000);
  }

  @Test
  void flushAllEmptiesTheMasterAndTheReplica() {
    RedisSentinelSet set = redis.sentinelSet();
    set.master().command("SET", "k", "v");
    set.awaitReplication();
    assertThat(set.replicas().get(0).command("DBSIZE")).isEqualTo(1L);

    set.flushAll();

    assertThat(set.dataNodes()).allSatisfy(n -> assertThat(n.command("DBSIZE")).isEqualTo(0L));
  }
}
