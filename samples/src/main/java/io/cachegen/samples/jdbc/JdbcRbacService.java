package io.cachegen.samples.jdbc;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.Policy;
import io.cachegen.samples.service.RbacService;
import jakarta.inject.Inject;
import java.util.List;

/** Policies in the {@code policies} table; a user's role in {@code users}. */
public final class JdbcRbacService implements RbacService {
  private final Database db;

  /** Reads and writes through {@code db}. */
  @Inject
  public JdbcRbacService(Database db) {
    this.db = db;
  }

  @Override
  public List<Policy> policiesForRole(String role) {
    return db.query(
        "SELECT role, resource, action, allowed FROM policies WHERE role = ? ORDER BY resource, action",
        rs -> new Policy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)),
        role);
  }

  @Override
  public boolean enforce(long userId, String resource, String action) {
    Boolean allowed =
        db.queryOne(
            "SELECT p.allowed FROM users u JOIN policies p ON p.role = u.role"
                + " WHERE u.id = ? AND p.resource = ? AND p.action = ?",
            rs -> rs.getBoolean(1),
            userId, resource, action);
    return allowed != null && allowed;
  }

  @Override
  public void assignRole(long userId, String role) {
    db.update("UPDATE users SET role = ? WHERE id = ?", role, userId);
  }

  @Override
  public void putPolicy(Policy policy) {
    int updated =
        db.update(
            "UPDATE policies SET allowed = ? WHERE role = ? AND resource = ? AND action = ?",
            policy.allowed(), policy.role(), policy.resource(), policy.action());
    if (updated == 0) {
      db.update(
          "INSERT INTO policies VALUES (?, ?, ?, ?)", policy.role(), policy.resource(), policy.action(),
          policy.allowed());
    }
  }
}
