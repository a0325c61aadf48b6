package io.cachegen.samples.demo;

/**
 * Latencies in nanoseconds: exact to 100 ns up to 10 ms, to 100 µs up to 10 s beyond. Not thread-safe:
 * one per thread, {@link #add merged} at the end.
 */
final class LatencyHistogram {
  private static final long FINE_UNIT = 100;
  private static final int FINE_BUCKETS = 100_000; // 10 ms
  private static final long COARSE_UNIT = 100_000;
  private static final int COARSE_BUCKETS = 100_000; // 10 s

  private final long[] fine = new long[FINE_BUCKETS];
  private final long[] coarse = new long[COARSE_BUCKETS + 1];
  private long count;
  private long max;

  void record(long nanos) {
    long v = Math.max(0, nanos);
    if (v < FINE_UNIT * FINE_BUCKETS) {
      fine[(int) (v / FINE_UNIT)]++;
    } else {
      coarse[(int) Math.min(COARSE_BUCKETS, v / COARSE_UNIT)]++;
    }
    count++;
    max = Math.max(max, v);
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < fine.length; i++) {
      fine[i] += other.fine[i];
    }
    for (int i = 0; i < coarse.length; i++) {
      coarse[i] += other.coarse[i];
    }
    count += other.count;
    max = Math.max(max, other.max);
  }

  long count() {
    return count;
  }

  long max() {
    return max;
  }

  /** The latency at or below which {@code percentile}% of the samples lie, in nanoseconds; 0 if empty. */
  long percentile(double percentile) {
    if (count == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(percentile / 100 * count);
    rank = Math.max(1, Math.min(count, rank));
    long seen = 0;
    for (int i = 0; i < fine.length; i++) {
      seen += fine[i];
      if (seen >= rank) {
        return Math.min(max, (i + 1) * FINE_UNIT);
      }
    }
    for (int i = 0; i < coarse.length; i++) {
      seen += coarse[i];
      if (seen >= rank) {
        return Math.min(max, (i + 1) * COARSE_UNIT);
      }
    }
    return max;
  }
}
