package io.cachegen.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RedisSentinelSetLifecycleTest {

  @Test
  void closeKillsEveryProcessAndDeletesTheirDirectories() {
    long start = System.nanoTime();
    RedisSentinelSet set = RedisSentinelSet.start();
    System.out.printf("sentinel set of 1 master, 1 replica and 3 sentinels healthy after %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
    List<RedisServer> all = Stream.concat(set.dataNodes().stream(), set.sentinels().stream()).toList();
    List<Long> pids = all.stream().map(RedisServer::pid).toList();
    List<Path> dirs = all.stream().map(RedisServer::dir).toList();
    assertThat(pids).hasSize(5).allSatisfy(pid -> assertThat(alive(pid)).isTrue());
    assertThat(set.sentinels()).allSatisfy(s -> assertThat(s.dir().resolve("sentinel.conf")).content()
        .contains("sentinel myid", "sentinel monitor mymaster 127.0.0.1 " + set.master().port()));

    set.close();

    assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d", pid).isFalse());
    assertThat(dirs).allSatisfy(dir -> assertThat(dir).doesNotExist());
    assertThat(dirs.get(0).getParent()).doesNotExist();
  }

  @Test
  void withoutAReplicaTheMasterCannotFailOverAndTheWaitEndsWithADiagnosis() {
    try (RedisSentinelSet set = RedisSentinelSet.builder().replicas(0).sentinels(1).quorum(1).start()) {
      RedisServer master = set.master();
      assertThatThrownBy(set::killMasterAndAwaitFailover)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has no live replica to promote");
      assertThat(master.isRunning()).isTrue();

      master.kill();

      assertThatThrownBy(() -> set.awaitHealthy(Duration.ofMillis(300)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("a healthy sentinel set did not happen within 300 ms; last: ")
          .hasMessageContaining("(stopped), last log lines:")
          .hasMessageContaining("master 127.0.0.1:" + master.port() + " flags:");
    }
  }

  @Test
  void builderRejectsWhatCannotWork() {
    assertThatThrownBy(() -> RedisSentinelSet.builder().sentinels(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("sentinels must be between 1 and 7, not 0");
    assertThatThrownBy(() -> RedisSentinelSet.builder().sentinels(2).quorum(3).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("quorum 3 cannot be reached by 2 sentinels");
    assertThatThrownBy(() -> RedisSentinelSet.builder().masterName("my master"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("masterName must be letters, digits, '.', '_' or '-', not \"my master\"");
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
