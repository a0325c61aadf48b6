package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demand for {@code CLIENT KILL TYPE pubsub}: messages published while a subscription is
 * down are lost. The rule (§5, G3): an instance whose subscription dropped drops its L1 and keeps new
 * entries at most S until it is subscribed again and a heartbeat came back, so it serves nothing older
 * than another instance's write beyond S.
 */
class SubscriptionKillTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() {
    FaultTests.closeAll(closeables);
  }

  @Test
  void subscriptionsKilledAgainAndAgainWhileAWrites_BServesNothingOlderThanAsWritesBeyondTheBound() {
    VersionedDb db = VersionedDb.inMemory();
    List<CacheInstance> ab = FaultTests.locals(2, redis.uri(), db, 50, Duration.ofSeconds(3), Duration.ZERO);
    closeables.addAll(ab);
    FaultTests.awaitUp(ab);
    // Many keys, each written every few seconds: a message lost in a kill leaves its key stale for
    // longer than S unless the protocol makes up for it.
    List<String> targets = new ArrayList<>();
    IntStream.range(0, 400).forEach(i -> targets.add("item:" + i));
    IntStream.range(0, 50).forEach(i -> targets.add("meta:" + i + ":"));
    FreshnessChecker checker = new FreshnessChecker(FaultTests.S, FaultTests.ALLOWANCE);
    // 4 readers on A and B, 1 writer on A.
    Workload workload = new Workload(ab, Catalog.keys(400, 50), targets, checker, Duration.ofMillis(1)).start(4, 1);
    long killed = 0;
    int rounds = 0;
    try {
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
      long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      while (System.nanoTime() - end < 0) {
        killed += (Long) redis.command("CLIENT", "KILL", "TYPE", "pubsub");
        rounds++;
        // 50 to 350 ms apart: some kills land before the subscription is back, some after a heartbeat.
        LockSupport.parkNanos(Duration.ofMillis(50 + (rounds * 37L) % 300).toNanos());
      }
      FaultTests.awaitUp(Duration.ofSeconds(5), ab);
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    } finally {
      workload.stop();
    }
    FreshnessChecker.Report report = checker.report();
    System.out.println("pubsub kills: " + killed + " subscriptions in " + rounds + " rounds; " + report + "\nA "
        + ab.get(0).stats() + "\nB " + ab.get(1).stats());
    Figures.print("CLIENT KILL TYPE pubsub " + rounds + " times in 4 s while A writes: worst cross-instance staleness",
        report.worstStaleness());
    assertThat(killed).as("subscriptions killed").isGreaterThanOrEqualTo(rounds);
    assertThat(workload.exceptions()).as("exceptions that reached callers").isEmpty();
    assertThat(report.writes()).as("the run did work (a floor low enough for 2 busy cores)").isGreaterThan(50);
    assertThat(report.g1Violations()).as("G1").isEmpty();
    assertThat(report.g3Violations()).as("G3 with bound " + checker.bound()).isEmpty();
  }
}
