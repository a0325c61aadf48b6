package io.cachegen.samples.service;

import io.cachegen.Cached;
import io.cachegen.Invalidates;
import io.cachegen.samples.domain.User;

/** User accounts. */
public interface UserService {

  /** The user with {@code id}, or {@code null} if there is none (not cached). */
  @Cached(prefix = "user:", ttl = "1m")
  User getUser(long id);

  /** Saves a user's profile (not the role: see {@link RbacService#assignRole}). {@code InvalidateUser}. */
  @Invalidates(prefix = "user:", key = "{user.id}")
  void updateUser(User user);
}
