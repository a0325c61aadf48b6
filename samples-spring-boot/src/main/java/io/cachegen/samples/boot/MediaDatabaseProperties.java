package io.cachegen.samples.boot;

import io.cachegen.samples.db.Schema;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The database of the sample: {@code media.database.*}.
 *
 * @param url A JDBC URL (H2 or PostgreSQL); unset, a fresh in-memory H2 database of this application.
 * @param user The database user.
 * @param password The user's password.
 * @param poolSize How many connections the pool holds.
 * @param seed What to create at startup: NONE (the schema exists), SMALL or DEFAULT (drop and recreate
 *     the schema cachegen_demo with that many rows).
 */
@ConfigurationProperties("media.database")
public record MediaDatabaseProperties(
    String url, String user, String password, @DefaultValue("16") int poolSize, @DefaultValue("DEFAULT") Seed seed) {

  /** The seed sizes. */
  public enum Seed {
    /** Nothing: another instance seeded the database. */
    NONE,
    /** {@link Schema.Size#SMALL}. */
    SMALL,
    /** {@link Schema.Size#DEFAULT}. */
    DEFAULT
  }
}
