package io.cachegen.runtime;

/**
 * What this instance knows of one group ({@code docs/freshness-protocol.md} §3, §6): whether it is still
 * current, and the group's token in Redis when the state was made. A group invalidation kills the state
 * ({@link #kill()}), which stops every L1 entry that references it from being served, in O(1); a new state
 * takes its place. A state's token never changes: learning another token (or a first one) makes a new
 * state, so every L1 entry of a state was loaded after its token was current.
 */
final class GroupState {
  /** A token no group ever has: the token is not known. Redis tokens are never 0 or this. */
  static final long UNKNOWN = Long.MIN_VALUE;

  /** The group's text; every key in it starts with this. */
  final String group;
  /** The group's token in Redis (0: no token key), or {@link #UNKNOWN}. */
  final long token;

  /** Serving: L1 entries referencing the state are served, lookups that captured it may fill. */
  static final int LIVE = 0;
  /** Killed by an invalidation of the group (or of every group): for good. */
  static final int DEAD = -1;

  /**
   * {@link #LIVE}; {@link #DEAD}; or, above 0, the number of "flush everything" messages being checked,
   * during which it does not serve. Anything but {@link #LIVE} makes its L1 entries misses.
   */
  volatile int status;
  /** When the token was last confirmed, in ticker nanoseconds. */
  private volatile long confirmedAt;
  /** Set when this instance may have an outdated token: the next L2 read fetches it again. */
  private volatile boolean doubted;

  GroupState(String group, long token, long now) {
    this.group = group;
    this.token = token;
    this.confirmedAt = now;
  }

  /** Whether L1 entries referencing this state may be served and lookups that captured it may fill. */
  boolean live() {
    return status == LIVE;
  }

  /** Kills the state for good. */
  synchronized void kill() {
    status = DEAD;
  }

  /** Stops serving until as many {@link #resume()} calls, or for good after {@link #kill()}. */
  synchronized void suspend() {
    if (status != DEAD) {
      status++;
    }
  }

  /** Undoes one {@link #suspend()}, unless the state was killed meanwhile. */
  synchronized void resume() {
    if (status > 0) {
      status--;
    }
  }

  /** The group's length: where it ends in each of its keys. */
  int boundary() {
    return group.length();
  }

  /**
   * The token to use now, or {@link #UNKNOWN} if there is none, it is doubted, or it was confirmed more
   * than {@code maxAgeNanos} ago (tokens expire in Redis; see {@link Settings#tokenTtlMillis()}).
   */
  long token(long now, long maxAgeNanos) {
    return token != UNKNOWN && !doubted && now - confirmedAt <= maxAgeNanos ? token : UNKNOWN;
  }

  /** Redis still holds this state's token. */
  void confirm(long now) {
    confirmedAt = now;
    doubted = false;
  }

  /** The token may be outdated: fetch it on the next L2 read (L1 entries stay until it differs). */
  void doubt() {
    doubted = true;
  }

  @Override
  public String toString() {
    return "Group{\"" + group + "\"" + (status == DEAD ? ", dead" : status > 0 ? ", suspended" : "") + "}";
  }
}
