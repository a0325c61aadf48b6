package io.cachegen.runtime;

/**
 * A snapshot of a {@link TieredCache}'s counters since it was built. Immutable.
 *
 * @param l1Hits lookups answered by L1
 * @param l1Misses lookups L1 could not answer
 * @param l2Hits lookups answered by L2 (Redis)
 * @param l2Misses lookups L2 was asked and could not answer
 * @param loads loader calls that returned a value
 * @param loadFailures loader calls that threw or returned a failed future
 * @param l2Errors Redis commands that failed, were refused or timed out (callers fell back to L1 and the loader)
 * @param decodeFailures values in L2 that were not a value of the requested type (garbage, another type,
 *     another Redis type, over {@code maxValueBytes}): each a miss
 * @param staleRejected values in L2 stamped with an outdated group token: each a miss
 * @param malformedMessages messages on the channels that were rejected (malformed, unsigned, forged)
 * @param evictions L1 entries removed by the size or weight bound
 * @param l1Size the number of L1 entries when the snapshot was taken (some may have expired)
 * @param pendingInvalidations invalidations waiting to reach Redis
 */
public record CacheStats(
    long l1Hits,
    long l1Misses,
    long l2Hits,
    long l2Misses,
    long loads,
    long loadFailures,
    long l2Errors,
    long decodeFailures,
    long staleRejected,
    long malformedMessages,
    long evictions,
    long l1Size,
    long pendingInvalidations) {

  /** L1 hits divided by L1 lookups; 0 when there were none. */
  public double l1HitRatio() {
    return ratio(l1Hits, l1Hits + l1Misses);
  }

  /** L2 hits divided by L2 lookups; 0 when there were none. */
  public double l2HitRatio() {
    return ratio(l2Hits, l2Hits + l2Misses);
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
