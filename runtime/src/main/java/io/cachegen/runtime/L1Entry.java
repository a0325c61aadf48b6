package io.cachegen.runtime;

/**
 * One L1 entry: the value, the fingerprint of its type, its deadline, and the group states of its key
 * ({@code docs/freshness-protocol.md} §5, §6). Immutable.
 */
final class L1Entry {
  /** The value; {@code null} for a cached null. For bytes stored through the byte-level API, a {@code byte[]}. */
  final Object value;
  /** {@link TypeRef#fingerprint()} of the value's type. */
  final long fingerprint;
  /** The value's type, to encode it for {@link TieredCache#get}. */
  final TypeRef<?> type;
  /** When it expires, in ticker nanoseconds. */
  final long deadline;
  /**
   * Filled while this instance could not show that it heard every invalidation: served until its
   * (capped) deadline whatever the trust.
   */
  final boolean deaf;
  /** The states of the key's groups when the value was loaded; one dead state makes it a miss. */
  final GroupState[] groups;
  /** What it weighs in L1: about its encoded size. */
  final int weight;

  L1Entry(Object value, TypeRef<?> type, long deadline, boolean deaf, GroupState[] groups, int weight) {
    this.value = value;
    this.fingerprint = type.fingerprint();
    this.type = type;
    this.deadline = deadline;
    this.deaf = deaf;
    this.groups = groups;
    this.weight = weight;
  }

  /**
   * Whether the entry may be served at {@code now}: not expired, trusted (or deaf), and no group of its
   * key invalidated since it was loaded.
   */
  boolean servable(long now, long trustedUntil) {
    if (now - deadline >= 0 || (!deaf && now - trustedUntil > 0)) {
      return false;
    }
    for (GroupState g : groups) {
      if (g.status != GroupState.LIVE) {
        return false;
      }
    }
    return true;
  }
}
