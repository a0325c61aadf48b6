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
  final LongAdder evictions = new LongAdder();

  CacheStats snapshot(long l1Size) {
    return new CacheStats(
        l1Hits.sum(),
        l1Misses.sum(),
        l2Hits.sum(),
        l2Misses.sum(),
        loads.sum(),
        loadFailures.sum(),
        l2Errors.sum(),
        decodeFailures.sum(),
        evictions.sum(),
        l1Size);
  }
}
