package io.cachegen.samples.domain;

import java.time.Instant;
import java.util.UUID;

/** A login session, looked up by its token on every request. */
public record Session(UUID token, long userId, Instant createdAt, Instant expiresAt) {

  /** This session with a new expiry. */
  public Session withExpiresAt(Instant newExpiresAt) {
    return new Session(token, userId, createdAt, newExpiresAt);
  }
}
