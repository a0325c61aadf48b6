package io.cachegen.samples.service;

import io.cachegen.Cached;
import io.cachegen.Invalidates;
import io.cachegen.samples.domain.Movie;
import io.cachegen.samples.domain.MovieMetadata;
import io.cachegen.samples.domain.NewMovie;
import java.util.List;

/** Movies, their localized metadata, and the two homepage lists. */
public interface MovieService {

  /** The movie with {@code id}, or {@code null} if there is none (not cached). */
  @Cached(prefix = "movie:", ttl = "5m")
  Movie getMovie(long id);

  /** A movie's metadata in {@code language}, or {@code null}. Key {@code movie:meta:<id>:<language>}. */
  @Cached(prefix = "movie:meta:", ttl = "10m")
  MovieMetadata getMetadata(long id, String language);

  /** The 20 movies added last, newest first: the homepage hot path. */
  @Cached(prefix = "movie:recent", ttl = "2m")
  List<Movie> recentlyAdded();

  /** The 20 best-rated movies with at least 100 votes. */
  @Cached(prefix = "movie:toprated", ttl = "5m")
  List<Movie> topRated();

  /**
   * Saves a movie. {@code InvalidateMovie} (the movie and all its metadata), {@code InvalidateMovieLists}
   * (title and rating show in both lists) and the stats of its library.
   */
  @Invalidates(prefix = "movie:", key = "{movie.id}")
  @Invalidates(prefix = "movie:meta:", key = "{movie.id}", allEntries = true)
  @Invalidates(prefix = "movie:recent")
  @Invalidates(prefix = "movie:toprated")
  @Invalidates(prefix = "library:stats:", key = "{movie.libraryId}")
  void updateMovie(Movie movie);

  /**
   * Adds a movie and returns it with its id. {@code InvalidateMovieLists}, {@code InvalidateSearch} and
   * the stats of its library.
   */
  @Invalidates(prefix = "movie:recent")
  @Invalidates(prefix = "movie:toprated")
  @Invalidates(prefix = "search:", allEntries = true)
  @Invalidates(prefix = "library:stats:", key = "{movie.libraryId}")
  Movie addMovie(NewMovie movie);
}
