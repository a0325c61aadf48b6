package io.cachegen.samples.jdbc;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.LibraryStats;
import io.cachegen.samples.service.LibraryService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Library stats: a library row and an aggregate over its movies. */
public final class JdbcLibraryService implements LibraryService {
  private final Database db;

  /** Reads and writes through {@code db}. */
  @Inject
  public JdbcLibraryService(Database db) {
    this.db = db;
  }

  private record Library(String name, long scannedAt) {}

  private record GenreRow(String genre, long count, double ratingSum, int newestYear) {}

  @Override
  public LibraryStats stats(long libraryId) {
    Library library =
        db.queryOne(
            "SELECT name, scanned_at FROM libraries WHERE id = ?",
            rs -> new Library(rs.getString(1), rs.getLong(2)),
            libraryId);
    if (library == null) {
      return null;
    }
    List<GenreRow> rows =
        db.query(
            "SELECT genre, COUNT(*), SUM(rating), MAX(release_year) FROM movies WHERE library_id = ?"
                + " GROUP BY genre ORDER BY genre",
            rs -> new GenreRow(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getInt(4)),
            libraryId);
    Map<String, Long> byGenre = new LinkedHashMap<>();
    long count = 0;
    double ratingSum = 0;
    int newest = 0;
    for (GenreRow row : rows) {
      byGenre.put(row.genre(), row.count());
      count += row.count();
      ratingSum += row.ratingSum();
      newest = Math.max(newest, row.newestYear());
    }
    double average = count == 0 ? 0 : Math.round(ratingSum / count * 100) / 100.0;
    return new LibraryStats(
        libraryId, library.name(), count, average, newest, Map.copyOf(byGenre), Instant.ofEpochMilli(library.scannedAt()));
  }

  @Override
  public void rescan(long libraryId) {
    db.update("UPDATE libraries SET scanned_at = ? WHERE id = ?", System.currentTimeMillis(), libraryId);
  }
}
