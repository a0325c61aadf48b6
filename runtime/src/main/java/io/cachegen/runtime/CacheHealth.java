package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

/**
 * The state of a {@link TieredCache}'s L2, for health endpoints and logs. Immutable.
 *
 * <p>A cache is usable in every state: Redis is an accelerator, so a health check should report these
 * details without marking the application down because Redis is.
 *
 * @param state what L2 is doing
 * @param detail one line for humans (never a password): why L2 is not {@link L2State#UP}, or where it is
 * @param pendingInvalidations invalidations waiting to reach Redis
 */
public record CacheHealth(L2State state, String detail, long pendingInvalidations) {

  /** Checks the arguments. */
  public CacheHealth {
    requireNonNull(state, "state");
    requireNonNull(detail, "detail");
  }

  /** Whether L2 is configured and in use right now. */
  public boolean l2InUse() {
    return state == L2State.UP || state == L2State.DEGRADED;
  }
}
