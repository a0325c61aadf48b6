package io.cachegen.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * Sorted samples of a duration in nanoseconds, for the plain harnesses: percentiles by nearest rank
 * (the smallest sample with at least {@code q} of the samples at or below it), the maximum, and counts
 * per bucket. Immutable.
 */
final class Latencies {
  private final long[] sorted;

  private Latencies(long[] sorted) {
    this.sorted = sorted;
  }

  /** The first {@code n} samples of {@code nanos}, which is left as it is. */
  static Latencies of(long[] nanos, int n) {
    long[] copy = Arrays.copyOf(nanos, n);
    Arrays.sort(copy);
    return new Latencies(copy);
  }

  static Latencies of(long[] nanos) {
    return of(nanos, nanos.length);
  }

  int count() {
    return sorted.length;
  }

  /** The sample at quantile {@code q} (0.5 for the median); 0 without samples. */
  long percentile(double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  long p50() {
    return percentile(0.50);
  }

  long p99() {
    return percentile(0.99);
  }

  long max() {
    return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
  }

  long min() {
    return sorted.length == 0 ? 0 : sorted[0];
  }

  /** How many samples are at most {@code nanos}. */
  int atMost(long nanos) {
    int i = Arrays.binarySearch(sorted, nanos);
    if (i < 0) {
      return -i - 1;
    }
    while (i + 1 < sorted.length && sorted[i + 1] == nanos) {
      i++;
    }
    return i + 1;
  }

  /** {@code "p50 123 µs, p99 456 µs, max 1.2 ms (2,000 samples)"}. */
  String summary() {
    return String.format(Locale.ROOT, "p50 %s, p99 %s, max %s (%,d samples)",
        duration(p50()), duration(p99()), duration(max()), count());
  }

  /** A duration for people: {@code 850 ns}, {@code 12.3 µs}, {@code 1.25 ms}, {@code 2.10 s}. */
  static String duration(long nanos) {
    double a = Math.abs(nanos);
    if (a < 1_000) {
      return nanos + " ns";
    }
    if (a < 1_000_000) {
      return Report.fmt(nanos / 1e3) + " µs";
    }
    if (a < 1_000_000_000) {
      return Report.fmt(nanos / 1e6) + " ms";
    }
    return Report.fmt(nanos / 1e9) + " s";
  }
}
