package io.cachegen.runtime;

import java.time.Duration;

/**
 * The settings a {@link TieredCache} was built with, as the protocol classes read them. Immutable.
 *
 * @param l1MaximumSize the bound on L1 entries
 * @param l1MaximumWeight the bound on L1 bytes
 * @param l1Ttl the longest an L1 entry lives
 * @param stalenessBound S: how long another instance may serve a value older than a write
 * @param leaseTime how long a load may hold its lease, and how long others wait for it
 * @param maxTtl the longest a value lives in Redis (longer TTLs are cut to it); group tokens live longer
 * @param maxValueBytes values whose encoding is larger are not written to, and not read from, Redis
 * @param commandTimeout how long one Redis command may take
 * @param namespace the prefix of the cache's own keys and channels
 * @param maxPending the bound on pending invalidations (keys and groups)
 * @param maxPendingBytes the bound on the bytes of pending invalidations
 * @param maxGroups the bound on the group states an instance keeps
 */
record Settings(
    long l1MaximumSize,
    long l1MaximumWeight,
    Duration l1Ttl,
    Duration stalenessBound,
    Duration leaseTime,
    Duration maxTtl,
    int maxValueBytes,
    Duration commandTimeout,
    String namespace,
    int maxPending,
    long maxPendingBytes,
    long maxGroups) {

  /** The channel every instance publishes invalidations on. */
  String invalidationChannel() {
    return "{" + namespace + "}:invalidations";
  }

  /** The channel {@code instanceId} sends its heartbeats to itself on. */
  String heartbeatChannel(String instanceId) {
    return "{" + namespace + "}:hb:" + instanceId;
  }

  /** The Redis key of {@code group}'s token. */
  String tokenKey(String group) {
    return namespace + ":gen:" + group;
  }

  /** How long a group token lives in Redis: longer than any value stamped with the token before it. */
  long tokenTtlMillis() {
    return maxTtl.toMillis() + 60_000;
  }
}
