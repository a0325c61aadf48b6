package io.cachegen.runtime;

/**
 * Whether this instance can show that it heard every invalidation up to the staleness bound ago
 * ({@code docs/freshness-protocol.md} §5).
 *
 * <p>Each heartbeat is numbered and tagged with the subscription epoch it was sent in. When it comes
 * back on the subscription, every message published before it has been received and applied, so
 * {@link #trustedUntil()} moves to its send time plus the bound. A lost subscription starts a new epoch:
 * heartbeats of the old one no longer count, and trust ends at once.
 */
final class Trust {
  private static final int RING = 64;

  private final long boundNanos;
  private final long[] sentAt = new long[RING];
  private final long[] sentSeq = new long[RING];
  private volatile long trustedUntil;
  private int epoch;
  private long seq;

  private Trust(long boundNanos, long trustedUntil) {
    this.boundNanos = boundNanos;
    this.trustedUntil = trustedUntil;
  }

  /** Trust that starts untrusted and is earned by heartbeats, for a cache with L2. */
  static Trust earned(long boundNanos, long now) {
    return new Trust(boundNanos, now - 1);
  }

  /** Trust that never ends: an L1-only cache hears every invalidation there is. */
  static Trust always(long now) {
    return new Trust(Long.MAX_VALUE, now + (Long.MAX_VALUE >> 2));
  }

  /** Until when (ticker nanoseconds) L1 entries filled while trusted may be served. */
  long trustedUntil() {
    return trustedUntil;
  }

  boolean isTrusted(long now) {
    return now - trustedUntil <= 0;
  }

  /** The staleness bound, in nanoseconds. */
  long boundNanos() {
    return boundNanos;
  }

  /** Records a heartbeat about to be sent at {@code now} and returns its payload text {@code epoch:seq}. */
  synchronized String nextHeartbeat(long now) {
    long n = ++seq;
    int slot = (int) (n % RING);
    sentSeq[slot] = n;
    sentAt[slot] = now;
    return epoch + ":" + n;
  }

  /**
   * A heartbeat came back. Returns whether it counted: it was sent in the current epoch and is still
   * remembered.
   */
  synchronized boolean heard(String payload) {
    int colon = payload.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    int e;
    long n;
    try {
      e = Integer.parseInt(payload, 0, colon, 10);
      n = Long.parseLong(payload, colon + 1, payload.length(), 10);
    } catch (NumberFormatException ex) {
      return false;
    }
    int slot = (int) (n % RING);
    if (e != epoch || n <= 0 || sentSeq[slot] != n) {
      return false;
    }
    long until = sentAt[slot] + boundNanos;
    if (until - trustedUntil > 0) {
      trustedUntil = until;
    }
    return true;
  }

  /** The subscription dropped or was made anew: messages may have been missed; trust ends now. */
  synchronized void newEpoch(long now) {
    epoch++;
    if (trustedUntil - now >= 0) {
      trustedUntil = now - 1;
    }
  }
}
