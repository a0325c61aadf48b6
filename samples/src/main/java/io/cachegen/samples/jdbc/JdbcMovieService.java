package io.cachegen.samples.jdbc;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.db.Schema;
import io.cachegen.samples.domain.Movie;
import io.cachegen.samples.domain.MovieMetadata;
import io.cachegen.samples.domain.NewMovie;
import io.cachegen.samples.service.MovieService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** Movies in {@code movies} and {@code movie_metadata}. */
public final class JdbcMovieService implements MovieService {
  static final String COLUMNS = "id, title, release_year, genre, rating, votes, library_id, added_at";

  static final Database.RowMapper<Movie> MOVIE =
      rs -> new Movie(
          rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getDouble(5), rs.getInt(6),
          rs.getLong(7), Instant.ofEpochMilli(rs.getLong(8)));

  private final Database db;

  /** Reads and writes through {@code db}; a new movie's title words go into the search index. */
  @Inject
  public JdbcMovieService(Database db) {
    this.db = db;
  }

  @Override
  public Movie getMovie(long id) {
    return db.queryOne("SELECT " + COLUMNS + " FROM movies WHERE id = ?", MOVIE, id);
  }

  @Override
  public MovieMetadata getMetadata(long id, String language) {
    return db.queryOne(
        "SELECT movie_id, language, title, overview, runtime_minutes FROM movie_metadata"
            + " WHERE movie_id = ? AND language = ?",
        rs -> new MovieMetadata(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)),
        id, language);
  }

  @Override
  public List<Movie> recentlyAdded() {
    return List.copyOf(
        db.query("SELECT " + COLUMNS + " FROM movies ORDER BY added_at DESC, id DESC LIMIT 20", MOVIE));
  }

  @Override
  public List<Movie> topRated() {
    return List.copyOf(
        db.query(
            "SELECT " + COLUMNS + " FROM movies WHERE votes >= 100 ORDER BY rating DESC, id LIMIT 20", MOVIE));
  }

  @Override
  public void updateMovie(Movie m) {
    db.update(
        "UPDATE movies SET title = ?, release_year = ?, genre = ?, rating = ?, votes = ?, library_id = ?"
            + " WHERE id = ?",
        m.title(), m.year(), m.genre(), m.rating(), m.votes(), m.libraryId(), m.id());
  }

  @Override
  public Movie addMovie(NewMovie m) {
    long now = System.currentTimeMillis();
    long id =
        db.insertReturningId(
            "INSERT INTO movies (title, release_year, genre, rating, votes, library_id, added_at)"
                + " VALUES (?, ?, ?, 0, 0, ?, ?)",
            m.title(), m.year(), m.genre(), m.libraryId(), now);
    for (String term : Schema.terms(m.title())) {
      db.update("INSERT INTO search_index VALUES (?, ?)", term, id);
    }
    return new Movie(id, m.title(), m.year(), m.genre(), 0, 0, m.libraryId(), Instant.ofEpochMilli(now));
  }
}
