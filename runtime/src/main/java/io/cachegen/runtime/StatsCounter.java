package io.cachegen.runtime;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link CacheStats}; contention-free on the hot path. */
final class StatsCounter {
  final LongAdder l1Hits = new LongAdder();
  final LongAdder l1Misses = new LongAdder();
  final LongAdder l2Hits = new LongAdder();
  final LongAdder l2Misses = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  final LongAdder l2Errors = new LongAdder();
  final LongAdder decodeFailures = new LongAdder();
  final LongAdder staleRejected = new LongAdder();
  final LongAdder malformedMessages = new LongAdder();
  final LongAdder evictions = new LongAdder();

  CacheStats snapshot(long l1Size, long pendingInvalidations) {
    return new CacheStats(
        l1Hits.sum(),
        l1Misses.sum(),
        l2Hits.sum(),
        l2Misses.sum(),
        loads.sum(),
        loadFailures.sum(),
        l2Errors.sum(),
        decodeFailures.sum(),
        staleRejected.sum(),
        malformedMessages.sum(),
        evictions.sum(),
        l1Size,
        pendingInvalidations);
  }
}
