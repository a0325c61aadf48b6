package io.cachegen.runtime;

/**
 * One L1 miss on its way through L2 and the loader: the key, its groups and their states, the fence
 * stamp taken before anything was read, the lease this lookup offers, and the tokens it will stamp on
 * what it loads. Used by one caller at a time.
 */
final class Lookup {
  final String key;
  final Spec<?> spec;
  int[] boundaries;
  /** The lease this lookup sets if the key is empty; {@code null} for a read without a loader. */
  final byte[] lease;
  final long started;
  GroupState[] states;
  long stamp;
  /** The tokens to stamp on a value loaded by this lookup, known once it holds the lease. */
  long[] stamps;

  Lookup(String key, Spec<?> spec, int[] boundaries, GroupState[] states, long stamp, byte[] lease, long started) {
    this.key = key;
    this.spec = spec;
    this.boundaries = boundaries;
    this.states = states;
    this.stamp = stamp;
    this.lease = lease;
    this.started = started;
  }

  /**
   * Adds the groups ending at {@code extra} (boundaries a value found in Redis was stamped with, which
   * this lookup's key did not have: the end of a prefix declared by a method this lookup does not
   * know), so that the value is checked against them too and what this lookup fills is stamped with them.
   */
  void widen(int[] extra, Groups groups) {
    int[] merged = java.util.Arrays.copyOf(boundaries, boundaries.length + extra.length);
    System.arraycopy(extra, 0, merged, boundaries.length, extra.length);
    java.util.Arrays.sort(merged);
    GroupState[] widened = new GroupState[merged.length];
    for (int i = 0, j = 0; i < merged.length; i++) {
      if (j < boundaries.length && boundaries[j] == merged[i]) {
        widened[i] = states[j++];
      } else {
        widened[i] = groups.state(key.substring(0, merged[i]));
      }
    }
    boundaries = merged;
    states = widened;
  }

  /** Whether no invalidation of the key or of one of its groups happened since the lookup began. */
  boolean current(Fences fences) {
    if (!fences.unchanged(key, stamp)) {
      return false;
    }
    for (GroupState s : states) {
      if (!s.live()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The tokens of the lookup's group states, to stamp on what it loads or writes; {@code null} if one of
   * them is not known (then nothing is stored).
   */
  long[] knownTokens(long now, long tokenMaxAgeNanos) {
    long[] tokens = new long[states.length];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = states[i].token(now, tokenMaxAgeNanos);
      if (tokens[i] == GroupState.UNKNOWN) {
        return null;
      }
    }
    return tokens;
  }
}
