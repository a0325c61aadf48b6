package io.cachegen.samples.jdbc;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.User;
import io.cachegen.samples.service.UserService;
import jakarta.inject.Inject;
import java.time.Instant;

/** Users in the {@code users} table. */
public final class JdbcUserService implements UserService {
  private final Database db;

  /** Reads and writes through {@code db}. */
  @Inject
  public JdbcUserService(Database db) {
    this.db = db;
  }

  @Override
  public User getUser(long id) {
    return db.queryOne(
        "SELECT id, username, email, display_name, role, created_at FROM users WHERE id = ?",
        rs -> new User(
            rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            Instant.ofEpochMilli(rs.getLong(6))),
        id);
  }

  @Override
  public void updateUser(User user) {
    db.update(
        "UPDATE users SET username = ?, email = ?, display_name = ? WHERE id = ?",
        user.username(), user.email(), user.displayName(), user.id());
  }
}
