package io.cachegen.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.db.Schema;
import io.cachegen.samples.di.MediaServices;
import io.cachegen.samples.domain.Movie;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The same services on PostgreSQL, in their own schema. Opt-in: runs only when {@code CACHEGEN_PG_URL}
 * names a server (for example {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code CACHEGEN_PG_USER},
 * default {@code postgres}), so that the default build never touches a database the machine runs.
 */
class PostgresTest {
  private static final String URL = System.getenv("CACHEGEN_PG_URL");
  private static final String USER = System.getenv().getOrDefault("CACHEGEN_PG_USER", "postgres");

  private static boolean reachable() {
    if (URL == null) {
      return false;
    }
    try (Connection c = DriverManager.getConnection(URL, USER, null)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Test
  void onPostgres_theSchemaIsRecreatedAndSeeded_andARepeatedReadQueriesOnce() {
    assumeTrue(reachable(), "set CACHEGEN_PG_URL to a PostgreSQL server to run this test");
    try (Database db = Database.connect(URL, USER, null, 4);
        TieredCache cache = TieredCache.inMemory()) {
      assertThat(db.dialect()).isEqualTo(Database.Dialect.POSTGRESQL);
      Schema.recreate(db, Schema.Size.SMALL);
      MediaServices s = MediaServices.cached(MediaServices.jdbc(db), cache);

      long before = db.queryCount();
      Movie movie = s.movies().getMovie(10);
      assertThat(s.movies().getMovie(10)).isEqualTo(movie);
      assertThat(db.queryCount() - before).isEqualTo(1);

      Movie updated = movie.withRating(9.9, movie.votes() + 1);
      s.movies().updateMovie(updated);
      assertThat(s.movies().getMovie(10)).isEqualTo(updated);
      assertThat(s.movies().recentlyAdded()).hasSize(20);
      assertThat(s.libraries().stats(1).movieCount()).isEqualTo(100);
      Long tables =
          db.queryOne(
              "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?", rs -> rs.getLong(1),
              Database.SCHEMA);
      assertThat(tables).isEqualTo(10);
    }
  }
}
