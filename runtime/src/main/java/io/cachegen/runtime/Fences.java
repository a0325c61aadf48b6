package io.cachegen.runtime;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Keeps a value loaded before an invalidation from being stored after it ("no stale set").
 *
 * <p>Keys hash to stripes; each stripe has a counter that every invalidation of one of its keys
 * increments (a prefix invalidation or an L1 clear increments them all). A loader takes the stripe's
 * stamp before it reads L2 or calls the delegate, and stores its value only while the stamp is
 * unchanged. For L1 the check runs again after the put and undoes it if an invalidation slipped in
 * between; for L2 the check and the dispatch of {@code SET} run under the stripe's lock, as do the
 * increment and the dispatch of {@code UNLINK}, so on the shared connection a fill is either ordered
 * before the invalidation's {@code UNLINK} or not sent at all.
 */
final class Fences {
  private static final int STRIPES = 1024;

  private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);
  private final Object[] locks = new Object[STRIPES];

  Fences() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  long stamp(String key) {
    return stamps.get(stripe(key));
  }

  boolean unchanged(String key, long stamp) {
    return stamps.get(stripe(key)) == stamp;
  }

  /** Invalidates every stamp taken for {@code key}; call it holding {@link #lock(String)} when L2 is involved. */
  void bump(String key) {
    stamps.incrementAndGet(stripe(key));
  }

  /** Invalidates every stamp, each under its stripe's lock. */
  void bumpAll() {
    for (int i = 0; i < STRIPES; i++) {
      synchronized (locks[i]) {
        stamps.incrementAndGet(i);
      }
    }
  }

  Object lock(String key) {
    return locks[stripe(key)];
  }

  private static int stripe(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
