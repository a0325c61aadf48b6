package io.cachegen.samples.jdbc;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.db.Schema;
import io.cachegen.samples.domain.SearchHit;
import io.cachegen.samples.domain.SearchResults;
import io.cachegen.samples.service.SearchService;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/** Search over the {@code search_index} table of title words. */
public final class JdbcSearchService implements SearchService {
  /** Hits per page. */
  public static final int PAGE_SIZE = 20;

  private final Database db;

  /** Reads and writes through {@code db}. */
  @Inject
  public JdbcSearchService(Database db) {
    this.db = db;
  }

  @Override
  public SearchResults search(String query, int page) {
    String term = query.toLowerCase(Locale.ROOT).trim();
    Long total =
        db.queryOne("SELECT COUNT(*) FROM search_index WHERE term = ?", rs -> rs.getLong(1), term);
    List<SearchHit> hits =
        db.query(
            "SELECT m.id, m.title, m.release_year FROM search_index s JOIN movies m ON m.id = s.movie_id"
                + " WHERE s.term = ? ORDER BY m.rating DESC, m.id LIMIT " + PAGE_SIZE + " OFFSET ?",
            rs -> new SearchHit(rs.getLong(1), rs.getString(2), rs.getInt(3)),
            term, Math.max(0, page) * PAGE_SIZE);
    return new SearchResults(query, page, total == null ? 0 : total.intValue(), List.copyOf(hits));
  }

  @Override
  public void reindex() {
    db.transaction(
        3,
        c -> {
          try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM search_index");
          }
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT id, title FROM movies");
              PreparedStatement insert = c.prepareStatement("INSERT INTO search_index VALUES (?, ?)")) {
            while (rs.next()) {
              for (String term : Schema.terms(rs.getString(2))) {
                Database.bind(insert, term, rs.getLong(1));
                insert.addBatch();
              }
            }
            insert.executeBatch();
          }
          return null;
        });
  }
}
