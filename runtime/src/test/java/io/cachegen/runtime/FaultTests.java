package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/** What the real-Redis fault tests share: instances in this JVM, and waits on their state. */
final class FaultTests {
  /**
   * What a real run adds to S for G3. On one server the writer's {@code PUBLISH} runs in Redis before
   * the write returns, and an instance serves a trusted L1 entry only until S after sending a heartbeat
   * that came back (so after it heard every message published before it), and a deaf one only until S
   * after its lookup began: no allowance is needed in theory. On a cluster the {@code PUBLISH} is sent
   * once the other replies are in and the write does not wait for it, so the message reaches Redis up to
   * a loopback round trip after the write returned. 50 ms covers that round trip and the scheduling
   * jitter of a 2-core machine shared with other builds (a reader's start time is taken before it is
   * descheduled, a write's return time after), while staying far below anything a broken protocol
   * shows (an instance that never hears an invalidation serves the old value until the entry's TTL).
   */
  static final Duration ALLOWANCE = Duration.ofMillis(50);

  /** The default S, which every instance here uses. */
  static final Duration S = TieredCache.DEFAULT_STALENESS_BOUND;

  private FaultTests() {}

  /** A cache in this JVM on {@code uri}. */
  static TieredCache cache(String uri, Duration commandTimeout) {
    return TieredCache.builder().redisUri(uri).commandTimeout(commandTimeout).build();
  }

  /** {@code n} instances named A, B, ... in this JVM, each with its own cache on {@code uri}, sharing {@code db}. */
  static List<CacheInstance> locals(int n, String uri, VersionedDb db, int metas, Duration commandTimeout,
      Duration maxLoaderDelay) {
    List<CacheInstance> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TieredCache cache = cache(uri, commandTimeout);
      list.add(CacheInstance.local(String.valueOf((char) ('A' + i)), cache,
          new Catalog(io.cachegen.runtime.internal.CacheAccess.of(cache), db, metas, maxLoaderDelay, (k, v) -> {})));
    }
    return list;
  }

  /** Waits until every instance is {@link L2State#UP}: connected, subscribed and trusted. */
  static void awaitUp(Duration atMost, List<? extends CacheInstance> instances) {
    for (CacheInstance i : instances) {
      await(i.name() + " up").atMost(atMost).pollInterval(Duration.ofMillis(10))
          .until(() -> i.state() == L2State.UP);
    }
  }

  static void awaitUp(List<? extends CacheInstance> instances) {
    awaitUp(Duration.ofSeconds(15), instances);
  }

  static void closeAll(List<? extends AutoCloseable> closeables) {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }

  /**
   * G6: the versioned workload on {@code ab} (2 readers and 1 writer on each, {@code items} items and
   * {@code metas} meta ids, writes of keys and groups) through a failover that {@code killAndAwaitFailover}
   * makes; checks that no exception reaches a caller, G1 throughout, G3 outside the failover window, and
   * that L2 is read again afterwards; prints the figures.
   *
   * <p>The window, from the kill until every instance is {@link L2State#UP} again: a write that returns in
   * it may find no master (the old one is dead, the sentinels or the cluster have not promoted a replica
   * yet); it waits in its writer's pending queue, and §9 counts its bound from when it reaches Redis,
   * which is the writer's replay, before the writer reports UP. So G3 for such a write counts from the
   * window's end. Writes that returned before the kill are not excused: one that the old master
   * acknowledged and the replica never received is covered by the new era every instance starts (§8).
   */
  static FreshnessChecker.Report throughFailover(String topology, List<CacheInstance> ab, int items, int metas,
      Runnable killAndAwaitFailover) {
    List<String> targets = new ArrayList<>();
    IntStream.range(0, items).forEach(i -> targets.add("item:" + i));
    IntStream.range(0, metas).forEach(i -> targets.add("meta:" + i + ":"));
    targets.add("meta:");
    FreshnessChecker checker = new FreshnessChecker(S, ALLOWANCE);
    Workload workload = new Workload(ab, Catalog.keys(items, metas), targets, checker, Duration.ofMillis(2))
        .start(2 * ab.size(), ab.size());
    Duration failover;
    Duration back;
    long[] l2Hits = new long[ab.size()];
    try {
      LockSupport.parkNanos(Duration.ofMillis(1500).toNanos());
      long killed = System.nanoTime();
      killAndAwaitFailover.run();
      failover = Duration.ofNanos(System.nanoTime() - killed);
      awaitUp(Duration.ofSeconds(30), ab);
      long up = System.nanoTime();
      back = Duration.ofNanos(up - killed);
      checker.window(killed, up);
      for (int i = 0; i < ab.size(); i++) {
        l2Hits[i] = ab.get(i).stats().l2Hits();
      }
      LockSupport.parkNanos(Duration.ofMillis(2000).toNanos());
    } finally {
      workload.stop();
    }
    FreshnessChecker.Report report = checker.report();
    StringBuilder stats = new StringBuilder();
    ab.forEach(i -> stats.append('\n').append(i.name()).append(' ').append(i.stats()));
    System.out.println(topology + " failover: " + report + stats);
    Figures.print(topology + ": master killed, failover done (as the test harness sees it) after", failover);
    Figures.print(topology + ": master killed, every instance UP again (recovered, new era, trusted) after", back);
    Figures.print(topology + " failover: worst cross-instance staleness (writes in the window counted from its end)",
        report.worstStalenessOutsideWindows());
    Figures.print(topology + " failover: worst cross-instance staleness (every write counted from its return)",
        report.worstStaleness());
    assertThat(workload.exceptions()).as("exceptions that reached callers").isEmpty();
    assertThat(report.writes()).as("the run did work (a floor low enough for 2 busy cores)").isGreaterThan(20);
    assertThat(report.g1Violations()).as("G1").isEmpty();
    assertThat(report.g3Violations()).as("G3 with bound " + checker.bound() + " outside the failover window").isEmpty();
    for (int i = 0; i < ab.size(); i++) {
      assertThat(ab.get(i).stats().l2Hits()).as(ab.get(i).name() + " reads L2 after the failover").isGreaterThan(l2Hits[i]);
    }
    return report;
  }
}
