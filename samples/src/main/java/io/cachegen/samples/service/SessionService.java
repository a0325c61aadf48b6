package io.cachegen.samples.service;

import io.cachegen.Cached;
import io.cachegen.Invalidates;
import io.cachegen.samples.domain.Session;
import java.time.Instant;
import java.util.UUID;

/** Sessions, validated on every request: a short TTL. */
public interface SessionService {

  /** The session for {@code token}, or {@code null} if there is none (not cached). */
  @Cached(prefix = "session:", ttl = "30s")
  Session getSession(UUID token);

  /** Moves a session's expiry. {@code InvalidateSession}. */
  @Invalidates(prefix = "session:", key = "{token}")
  void extendSession(UUID token, Instant expiresAt);

  /** Logs a session out. {@code InvalidateSession}. */
  @Invalidates(prefix = "session:", key = "{token}")
  void revokeSession(UUID token);
}
