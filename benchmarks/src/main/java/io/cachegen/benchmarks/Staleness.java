package io.cachegen.benchmarks;

import io.cachegen.runtime.CacheStats;
import io.cachegen.runtime.TieredCache;
import io.cachegen.runtime.TypeRef;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How long another instance keeps serving the old value after a write: instances A and B in this JVM
 * (each its own connections); B holds a key in L1 and a thread of B reads it in a loop; A sets a new
 * version. The reader yields between reads, so that on a small machine it does not starve the threads
 * that deliver the invalidation. The staleness of one write is the time from A's {@code setJson} returning until B's reader
 * first gets the new version (or a miss). The protocol bounds it by S (1 s) under faults and expects
 * about a millisecond on a healthy loopback (G3).
 */
final class Staleness {
  static final String KEY = "stale:probe";
  static final int WARM_UP = 200;
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final TypeRef<Long> LONG = TypeRef.of(Long.class);
  /** How long a write may stay unseen before the harness gives up on it. */
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

  /**
   * @param staleness per timed write, from A's write returning until B saw it (0 when B saw it first)
   * @param seenBeforeReturn writes B saw before A's write returned to A
   * @param misses writes B first saw as a miss rather than the new version
   * @param heldInL1 timed writes made while B was serving the old version from L1
   * @param readerStats B's counters over the timed writes
   */
  record Result(Latencies staleness, int seenBeforeReturn, int misses, int heldInL1, CacheStats readerStats) {}

  private Staleness() {}

  static Result run(String uri, int writes) throws InterruptedException {
    BenchEnv.flushAll(uri);
    try (TieredCache a = TieredCache.builder().redisUri(uri).build();
        TieredCache b = TieredCache.builder().redisUri(uri).build()) {
      Reader reader = new Reader(b);
      Thread thread = new Thread(reader, "staleness-reader");
      thread.setDaemon(true);
      a.setJson(KEY, 0L, LONG, TTL);
      thread.start();
      try {
        for (int i = 1; i <= WARM_UP; i++) {
          write(a, b, reader, i);
        }
        CacheStats before = b.stats();
        long[] staleness = new long[writes];
        int early = 0;
        int held = 0;
        int missesBefore = reader.misses;
        for (int i = 0; i < writes; i++) {
          Sample s = write(a, b, reader, WARM_UP + 1 + i);
          staleness[i] = Math.max(0, s.nanos);
          early += s.nanos <= 0 ? 1 : 0;
          held += s.heldInL1 ? 1 : 0;
        }
        CacheStats after = b.stats();
        Result r = new Result(Latencies.of(staleness), early, reader.misses - missesBefore, held, minus(after, before));
        System.out.printf("staleness: %s; seen before the write returned %d, as a miss %d; B served from L1 before %d of %d writes%n",
            r.staleness().summary(), early, r.misses(), held, writes);
        return r;
      } finally {
        reader.stop = true;
        thread.join(5_000);
      }
    }
  }

  private record Sample(long nanos, boolean heldInL1) {}

  /**
   * Waits until B's reader has seen version {@code v - 1} and B serves it from L1, then writes {@code v}
   * through A and waits until B's reader sees it.
   */
  private static Sample write(TieredCache a, TieredCache b, Reader reader, long v) {
    awaitSeen(reader, v - 1);
    // A pause of 0.5 to 1.5 ms, so that writes do not fall at the same moment of B's heartbeats.
    long l1Before = b.stats().l1Hits();
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(500_000, 1_500_000));
    boolean held = b.stats().l1Hits() > l1Before && reader.seen == v - 1;
    reader.expected = v;
    a.setJson(KEY, v, LONG, TTL);
    long returned = System.nanoTime();
    awaitSeen(reader, v);
    return new Sample(reader.seenAt - returned, held);
  }

  private static void awaitSeen(Reader reader, long v) {
    long deadline = System.nanoTime() + GIVE_UP_NANOS;
    while (reader.seen < v) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("B did not see version " + v + " within 5 s (it has " + reader.seen + ")");
      }
      LockSupport.parkNanos(50_000); // the measurement is the reader's; the writer need not spin too
    }
  }

  /** B's reading thread: reads the key in a loop and notes when it first sees the expected version. */
  private static final class Reader implements Runnable {
    private final TieredCache cache;
    volatile long expected;
    volatile long seen = -1;
    volatile long seenAt;
    volatile boolean stop;
    volatile int misses;

    Reader(TieredCache cache) {
      this.cache = cache;
    }

    @Override
    public void run() {
      while (!stop) {
        Long v = cache.getJson(KEY, LONG);
        long now = System.nanoTime();
        long want = expected;
        if (seen < want && (v == null || v >= want)) {
          seenAt = now;
          if (v == null) {
            misses++;
          }
          seen = want;
        }
        Thread.yield(); // two cores: let the I/O threads and redis-server run when they need to
      }
    }
  }

  private static CacheStats minus(CacheStats a, CacheStats b) {
    return new CacheStats(
        a.l1Hits() - b.l1Hits(), a.l1Misses() - b.l1Misses(), a.l2Hits() - b.l2Hits(), a.l2Misses() - b.l2Misses(),
        a.loads() - b.loads(), a.loadFailures() - b.loadFailures(), a.l2Errors() - b.l2Errors(),
        a.decodeFailures() - b.decodeFailures(), a.staleRejected() - b.staleRejected(),
        a.malformedMessages() - b.malformedMessages(), a.evictions() - b.evictions(), a.l1Size(), a.pendingInvalidations());
  }
}
