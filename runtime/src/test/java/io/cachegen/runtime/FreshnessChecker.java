package io.cachegen.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks reads against writes on real processes and wall-clock time, as {@link Simulation} does on
 * simulated time ({@code docs/freshness-protocol.md} §1):
 *
 * <ul>
 *   <li><b>G1</b>: a read that started after a write returned on the same instance returns at least the
 *       version the write made;
 *   <li><b>G3</b>: a read that started more than the bound after a write returned on another instance
 *       returns at least the version the write made. The bound is S plus an allowance that the test
 *       states; a write that returned inside a {@linkplain #window fault window} counts from the window's
 *       end (§9: an invalidation that cannot reach Redis counts from when it does).
 * </ul>
 *
 * <p>Times are {@link System#nanoTime()} of this JVM, which on Linux is {@code CLOCK_MONOTONIC} and so one
 * clock for every process of the machine. A write is recorded after it returned ({@link #wrote}), with a
 * time taken then, and a read's start is taken before it is sent: both err on the side of finding
 * fewer violations, never false ones.
 *
 * <p>Cost: a read whose version is at least the newest one written when it started cannot violate
 * anything and is only counted; the others ("suspects", each older than a write that had returned) are
 * checked at {@link #report()}. Of the suspects of one instance, key and version only the latest start
 * is kept: whether it breaks G1 or G3, and how stale it is, only grow with the start.
 */
final class FreshnessChecker {
  private final long boundNanos;
  private final Map<String, History> histories = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Suspect, Long> suspects = new ConcurrentHashMap<>();
  private final AtomicLong suspectReads = new AtomicLong();
  private final List<long[]> windows = new ArrayList<>();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();

  /**
   * @param stalenessBound S, the cache's staleness bound
   * @param allowance what a real run adds to S, stated and justified by the test
   */
  FreshnessChecker(Duration stalenessBound, Duration allowance) {
    this.boundNanos = stalenessBound.plus(allowance).toNanos();
  }

  /** The bound G3 is checked against: S plus the allowance. */
  Duration bound() {
    return Duration.ofNanos(boundNanos);
  }

  /** A read about to start on {@code instance}: takes its start time and the newest version written. */
  Read startRead(String instance, String key) {
    History h = history(key);
    long newest;
    long start;
    synchronized (h) {
      start = System.nanoTime();
      newest = h.newest;
    }
    return new Read(instance, key, start, newest);
  }

  /** The read returned {@code version}. */
  void endRead(Read read, long version) {
    reads.incrementAndGet();
    if (version < read.newest) {
      suspectReads.incrementAndGet();
      suspects.merge(new Suspect(read.instance, read.key, version), read.start, (a, b) -> b - a > 0 ? b : a);
    }
  }

  /** Reads {@code key} through {@code instance}, checked; returns the version. */
  long read(CacheInstance instance, String key) {
    Read r = startRead(instance.name(), key);
    long version = instance.read(key).version();
    endRead(r, version);
    return version;
  }

  /** Writes {@code target} through {@code instance}, recorded; returns the versions it made. */
  Map<String, Long> write(CacheInstance instance, String target) {
    Map<String, Long> versions = instance.update(target);
    wrote(instance.name(), versions);
    return versions;
  }

  /** A write on {@code instance} that made {@code versions} has returned. */
  void wrote(String instance, Map<String, Long> versions) {
    writes.incrementAndGet();
    for (Map.Entry<String, Long> e : versions.entrySet()) {
      History h = history(e.getKey());
      synchronized (h) {
        h.add(System.nanoTime(), e.getValue(), instance);
      }
    }
  }

  /**
   * A fault during which writes may not reach Redis (an outage, a failover): G3 for a write that returned
   * in {@code [fromNanos, toNanos]} counts from {@code toNanos}, when every instance was back.
   */
  synchronized void window(long fromNanos, long toNanos) {
    windows.add(new long[] {fromNanos, toNanos});
  }

  private History history(String key) {
    return histories.computeIfAbsent(key, k -> new History());
  }

  private synchronized long effective(long returned) {
    for (long[] w : windows) {
      if (returned - w[0] >= 0 && w[1] - returned >= 0) {
        return w[1];
      }
    }
    return returned;
  }

  /** How many writes were recorded so far. */
  long writes() {
    return writes.get();
  }

  /** Checks every suspect read. */
  Report report() {
    List<String> g1 = new ArrayList<>();
    List<String> g3 = new ArrayList<>();
    long worstOther = 0;
    long worstOtherOutsideWindows = 0;
    Map<String, History> snapshots = new java.util.HashMap<>();
    histories.forEach((key, h) -> {
      synchronized (h) {
        snapshots.put(key, h.copy());
      }
    });
    for (Map.Entry<Suspect, Long> entry : suspects.entrySet()) {
      Suspect s = entry.getKey();
      long start = entry.getValue();
      History h = snapshots.get(s.key);
      long[] times = h.times;
      long[] versions = h.versions;
      String[] writers = h.writers;
      int size = h.size;
      boolean isOlder = false;
      long firstOther = Long.MAX_VALUE;
      boolean firstOtherSet = false;
      long firstOtherEffective = 0;
      boolean effectiveSet = false;
      String g1Write = null;
      for (int i = 0; i < size && times[i] - start < 0; i++) {
        if (versions[i] <= s.version) {
          continue;
        }
        isOlder = true;
        if (writers[i].equals(s.instance)) {
          if (g1Write == null) {
            g1Write = "v" + versions[i] + " returned " + micros(start - times[i]) + " before";
          }
        } else {
          if (!firstOtherSet) {
            firstOther = times[i];
            firstOtherSet = true;
          }
          long e = effective(times[i]);
          if (!effectiveSet || e - firstOtherEffective < 0) {
            firstOtherEffective = e;
            effectiveSet = true;
          }
        }
      }
      if (!isOlder) {
        continue;
      }
      if (g1Write != null) {
        g1.add(s.instance + " read v" + s.version + " of " + s.key + " after its own write of " + g1Write);
      }
      if (firstOtherSet) {
        worstOther = Math.max(worstOther, start - firstOther);
        if (effectiveSet && start - firstOtherEffective > 0) {
          long late = start - firstOtherEffective;
          worstOtherOutsideWindows = Math.max(worstOtherOutsideWindows, late);
          if (late > boundNanos) {
            g3.add(s.instance + " read v" + s.version + " of " + s.key + " " + micros(late)
                + " after another instance's newer write returned (bound " + micros(boundNanos) + ")");
          }
        }
      }
    }
    return new Report(reads.get(), writes.get(), suspectReads.get(), g1, g3, Duration.ofNanos(worstOther),
        Duration.ofNanos(worstOtherOutsideWindows));
  }

  private static String micros(long nanos) {
    return String.format("%.3f ms", nanos / 1e6);
  }

  /** A read in progress. */
  record Read(String instance, String key, long start, long newest) {}

  private record Suspect(String instance, String key, long version) {}

  /** The writes of one key, in the order they were recorded (so by time). */
  private static final class History {
    long[] times = new long[16];
    long[] versions = new long[16];
    String[] writers = new String[16];
    int size;
    long newest;

    History copy() {
      History c = new History();
      c.times = java.util.Arrays.copyOf(times, size);
      c.versions = java.util.Arrays.copyOf(versions, size);
      c.writers = java.util.Arrays.copyOf(writers, size);
      c.size = size;
      c.newest = newest;
      return c;
    }

    void add(long time, long version, String writer) {
      if (size == times.length) {
        times = java.util.Arrays.copyOf(times, size * 2);
        versions = java.util.Arrays.copyOf(versions, size * 2);
        writers = java.util.Arrays.copyOf(writers, size * 2);
      }
      times[size] = time;
      versions[size] = version;
      writers[size] = writer;
      size++;
      newest = Math.max(newest, version);
    }
  }

  /**
   * What a run saw.
   *
   * @param reads reads checked
   * @param writes writes recorded
   * @param olderThanACompletedWrite reads that returned a version older than a write that had returned
   *     when they started, on any instance (within the bound or not)
   * @param g1Violations reads older than a write of their own instance that returned before they started,
   *     one per instance, key and version read (the latest such read)
   * @param g3Violations reads older than another instance's write that returned more than the bound
   *     before they started (outside fault windows), one per instance, key and version read
   * @param worstStaleness the longest a read was older than another instance's returned write, from the
   *     write's return
   * @param worstStalenessOutsideWindows the same, counting writes inside fault windows from the window's end
   */
  record Report(long reads, long writes, long olderThanACompletedWrite, List<String> g1Violations,
      List<String> g3Violations, Duration worstStaleness, Duration worstStalenessOutsideWindows) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      sb.append(reads).append(" reads, ").append(writes).append(" writes, ").append(olderThanACompletedWrite)
          .append(" reads older than a completed write, worst staleness ").append(ms(worstStaleness))
          .append(" (outside fault windows ").append(ms(worstStalenessOutsideWindows)).append("), ")
          .append(g1Violations.size()).append(" G1 violations, ").append(g3Violations.size()).append(" G3 violations");
      g1Violations.stream().limit(5).forEach(v -> sb.append("\n  G1: ").append(v));
      g3Violations.stream().limit(5).forEach(v -> sb.append("\n  G3: ").append(v));
      return sb.toString();
    }

    static String ms(Duration d) {
      return String.format("%.1f ms", d.toNanos() / 1e6);
    }
  }
}
