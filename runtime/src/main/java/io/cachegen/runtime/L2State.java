package io.cachegen.runtime;

/** What a {@link TieredCache}'s shared tier (Redis) is doing, as {@link CacheHealth} reports it. */
public enum L2State {
  /** No L2 is configured: the cache is L1 only by configuration. */
  DISABLED,
  /** Connected, answering, and this instance hears every invalidation. */
  UP,
  /** Not connected yet, or reconnecting; requests use L1 and the loader meanwhile. */
  CONNECTING,
  /** Redis did not answer in time; requests skip L2 until a background probe is answered. */
  BREAKER_OPEN,
  /**
   * Redis answers again after an outage; L2 is not read until the invalidations Redis missed are
   * replayed and a new era has begun (values stored before the outage become misses).
   */
  RECOVERING,
  /**
   * Connected, but this instance cannot show that it has heard every invalidation recently (its
   * invalidation channel is down or silent); L1 entries live at most the staleness bound meanwhile.
   */
  DEGRADED,
  /**
   * Redis refused this cache for good (a missing ACL permission, a TLS failure): L1 only until the
   * configuration is fixed and the application restarted. {@link CacheHealth#detail()} says why.
   */
  REFUSED
}
