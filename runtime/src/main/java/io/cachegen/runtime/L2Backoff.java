package io.cachegen.runtime;

/**
 * Delays between attempts to reach Redis: 1 ms, doubling, at most
 * {@link SharedClientResources#MAX_RECONNECT_DELAY}, so that Redis is tried again within half a second of
 * coming back. Not thread-safe: each user guards its own.
 */
final class L2Backoff {
  private static final long MAX_MILLIS = SharedClientResources.MAX_RECONNECT_DELAY.toMillis();
  private long next = 1;

  /** The delay before the next attempt, in milliseconds. */
  long next() {
    long delay = next;
    next = Math.min(MAX_MILLIS, next * 2);
    return delay;
  }

  /** Starts again from 1 ms (after a success). */
  void reset() {
    next = 1;
  }
}
