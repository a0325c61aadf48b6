package io.cachegen.samples.domain;

import java.time.Instant;

/** A user account; {@code role} names the RBAC role the user holds. */
public record User(long id, String username, String email, String displayName, String role, Instant createdAt) {

  /** This user with a new display name. */
  public User withDisplayName(String newDisplayName) {
    return new User(id, username, email, newDisplayName, role, createdAt);
  }
}
