package io.cachegen.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process tier: Caffeine (W-TinyLFU), bounded by entries and by bytes. Entries expire by their
 * own deadline, checked on each hit, so that the hit path reads the clock once (for the deadline and
 * the trust bound together) and Caffeine needs no timer wheel; an expired entry is dropped when met or
 * evicted by the bounds.
 *
 * <p>Both bounds hold at once: the cache has a maximum weight in bytes, and every entry weighs at least
 * {@code maximumWeight / maximumSize}, so no more than {@code maximumSize} entries fit.
 */
final class L1 {
  private final Cache<String, L1Entry> cache;
  private final int minimumWeight;

  L1(long maximumSize, long maximumWeight, Executor executor, LongAdder evictions) {
    this.minimumWeight =
        maximumSize == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, Math.max(1, maximumWeight / maximumSize));
    Caffeine<String, L1Entry> builder = Caffeine.newBuilder()
        .maximumWeight(maximumSize == 0 ? 0 : maximumWeight)
        .<String, L1Entry>weigher((key, e) -> Math.max(minimumWeight, e.weight))
        .evictionListener((key, entry, cause) -> {
          if (cause.wasEvicted()) {
            evictions.increment();
          }
        });
    if (executor != null) {
      builder.executor(executor);
    }
    this.cache = builder.build();
  }

  /** The entry for {@code key}, served or not. */
  L1Entry get(String key) {
    return cache.getIfPresent(key);
  }

  void put(String key, L1Entry entry) {
    cache.put(key, entry);
  }

  void remove(String key) {
    cache.invalidate(key);
  }

  /** Removes {@code key} only while it maps to {@code entry}. */
  void remove(String key, L1Entry entry) {
    cache.asMap().remove(key, entry);
  }

  /** Removes everything, in the caller's thread. */
  void clear() {
    cache.invalidateAll();
  }

  long size() {
    return cache.estimatedSize();
  }

  /** Runs Caffeine's pending maintenance (tests). */
  void cleanUp() {
    cache.cleanUp();
  }
}
