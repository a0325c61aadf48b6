package io.cachegen.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisClusterLifecycleTest {

  @Test
  void closeKillsEveryNodeAndDeletesTheirDirectories() {
    long start = System.nanoTime();
    RedisCluster cluster = RedisCluster.start();
    System.out.printf("cluster of 3 masters and 3 replicas healthy after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    List<Long> pids = cluster.nodes().stream().map(RedisServer::pid).toList();
    List<Path> dirs = cluster.nodes().stream().map(RedisServer::dir).toList();
    assertThat(pids).hasSize(6).allSatisfy(pid -> assertThat(alive(pid)).isTrue());
    assertThat(dirs).allSatisfy(dir -> assertThat(dir.resolve("nodes.conf")).exists());

    cluster.close();

    assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d", pid).isFalse());
    assertThat(dirs).allSatisfy(dir -> assertThat(dir).doesNotExist());
    assertThat(dirs.get(0).getParent()).doesNotExist();
  }

  @Test
  void withoutReplicasAKilledMasterCannotFailOverAndTheWaitEndsWithADiagnosis() {
    try (RedisCluster cluster = RedisCluster.start(3, 0)) {
      RedisServer master = cluster.masters().get(0);
      assertThat(cluster.replicas()).isEmpty();
      assertThatThrownBy(() -> cluster.killAndAwaitFailover(master))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has no live replica to promote");
      assertThat(master.isRunning()).isTrue();

      master.kill(); // its slots stay unserved: nothing but a restart heals that

      assertThatThrownBy(() -> cluster.awaitHealthy(Duration.ofMillis(300)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("a healthy cluster did not happen within 300 ms; last: ")
          .hasMessageContaining("(stopped), last log lines:")
          .hasMessageContaining("cluster_state:")
          .hasMessageContaining("myself,master");
    }
  }

  @Test
  void builderRejectsWhatCannotWork() {
    assertThatThrownBy(() -> RedisCluster.builder().masters(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("masters must be between 1 and 100, not 0");
    assertThatThrownBy(() -> RedisCluster.builder().replicasPerMaster(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("replicasPerMaster must be between 0 and 5, not -1");
    assertThatThrownBy(() -> RedisCluster.builder().nodeTimeout(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("nodeTimeout must be at least 100 ms, not PT0.01S");
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
