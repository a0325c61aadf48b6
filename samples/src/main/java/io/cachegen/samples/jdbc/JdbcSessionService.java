package io.cachegen.samples.jdbc;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.Session;
import io.cachegen.samples.service.SessionService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/** Sessions in the {@code sessions} table. */
public final class JdbcSessionService implements SessionService {
  private final Database db;

  /** Reads and writes through {@code db}. */
  @Inject
  public JdbcSessionService(Database db) {
    this.db = db;
  }

  @Override
  public Session getSession(UUID token) {
    return db.queryOne(
        "SELECT token, user_id, created_at, expires_at FROM sessions WHERE token = ?",
        rs -> new Session(
            rs.getObject(1, UUID.class), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)),
            Instant.ofEpochMilli(rs.getLong(4))),
        token);
  }

  @Override
  public void extendSession(UUID token, Instant expiresAt) {
    db.update("UPDATE sessions SET expires_at = ? WHERE token = ?", expiresAt.toEpochMilli(), token);
  }

  @Override
  public void revokeSession(UUID token) {
    db.update("DELETE FROM sessions WHERE token = ?", token);
  }
}
