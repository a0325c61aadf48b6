package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServer;
import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue, measured failure 2: with one peer JVM stopped ({@code SIGSTOP}), every delete on a healthy
 * instance took the command timeout, waiting for the peer's acknowledgement. The rules: a write waits
 * for at most one Redis round trip, never for another instance (G4); a peer that resumes after more than
 * S serves nothing older than the writes it slept through (its trust lapsed: it reads again, G3).
 */
class StalledPeerTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  /** The database the peer's loader and this JVM's share: a redis-server of its own. */
  private static RedisServer database;

  @BeforeAll
  static void startDatabase() {
    database = RedisServer.start();
  }

  @AfterAll
  static void stopDatabase() {
    database.close();
  }

  @Test
  void aStoppedPeerJvm_holdsUpNoWrite_andOnceResumedServesNothingOlderThanTheWrites() {
    List<String> keys = Catalog.keys(10, 3);
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      targets.add("item:" + i);
    }
    targets.add("meta:0:");
    targets.add("meta:");
    try (VersionedDb db = VersionedDb.redis(database.uri());
        // 60 s: a write that waited for the stopped peer's answer would outlast this test's bound.
        TieredCache aCache = TieredCache.builder().redisUri(redis.uri()).commandTimeout(Duration.ofSeconds(60)).build();
        PeerJvm b = PeerJvm.builder("B", redis.uri(), database.uri()).metas(3).jvmOptions("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC").start()) {
      CacheInstance a = CacheInstance.local("A", aCache, new Catalog(aCache, db, 3));
      FaultTests.awaitUp(List.of(a, b));
      FreshnessChecker checker = new FreshnessChecker(FaultTests.S, FaultTests.ALLOWANCE);
      for (String key : keys) {
        checker.read(a, key);
        checker.read(b, key);
      }
      long hits = b.stats().l1Hits();
      keys.forEach(key -> checker.read(b, key));
      assertThat(b.stats().l1Hits() - hits).as("the peer serves every key from L1 before it stops").isEqualTo(keys.size());

      b.pause();
      long stoppedAt = System.nanoTime();
      CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> targets.forEach(t -> checker.write(a, t)));
      await("the writes, with the peer stopped").atMost(Duration.ofSeconds(20)).until(writes::isDone);
      Duration writing = Figures.since(stoppedAt);
      assertThat(b.isPaused()).as("the peer is still stopped").isTrue();
      writes.join();
      Figures.print(targets.size() + " writes (10 deletes, 2 group invalidations) on a healthy instance with a peer JVM "
          + "stopped, command timeout 60 s", writing);
      keys.forEach(key -> checker.read(a, key)); // G1 on the writer
      assertThat(aCache.stats().pendingInvalidations()).as("every write reached Redis").isZero();

      // Stopped for longer than S: the peer's last proof that it heard everything is older than S.
      LockSupport.parkNanos(FaultTests.S.plusMillis(200).toNanos() - (System.nanoTime() - stoppedAt));
      b.resume();
      keys.forEach(key -> checker.read(b, key));

      FreshnessChecker.Report report = checker.report();
      System.out.println("stalled peer: " + report);
      assertThat(report.g1Violations()).as("G1").isEmpty();
      assertThat(report.g3Violations()).as("G3 with bound " + checker.bound()).isEmpty();
      assertThat(report.olderThanACompletedWrite()).as("no read older than a completed write at all").isZero();
    }
  }
}
