package p;

import io.cachegen.runtime.internal.KeyParts;
import java.time.Duration;
import javax.annotation.processing.Generated;

/**
 * The cache keys of {@link MovieService}: a prefix and a TTL constant per cached method, and a static
 * builder per key, so that code outside the decorator can name the same entries.
 */
@Generated("io.cachegen.processor.CachedProcessor")
public final class MovieServiceCacheKeys {
  /**
   * The key prefix of {@link MovieService#getMovie(long)}.
   */
  public static final String GET_MOVIE_PREFIX = "movie:";

  /**
   * How long entries of {@link MovieService#getMovie(long)} live: 5 minutes.
   */
  public static final Duration GET_MOVIE_TTL = Duration.ofMinutes(5);

  /**
   * The key prefix of {@link MovieService#getMetadata(long, String)}.
   */
  public static final String GET_METADATA_PREFIX = "movie:meta:";

  /**
   * How long entries of {@link MovieService#getMetadata(long, String)} live: 10 minutes.
   */
  public static final Duration GET_METADATA_TTL = Duration.ofMinutes(10);

  /**
   * The key prefix of {@link MovieService#recentlyAdded()}.
   */
  public static final String RECENTLY_ADDED_PREFIX = "movie:recent";

  /**
   * How long entries of {@link MovieService#recentlyAdded()} live: 2 minutes.
   */
  public static final Duration RECENTLY_ADDED_TTL = Duration.ofMinutes(2);

  private MovieServiceCacheKeys() {
  }

  /**
   * The key of {@link MovieService#getMovie(long)}: {@code movie:{id}}.
   */
  public static String getMovie(long id) {
    return GET_MOVIE_PREFIX + id;
  }

  /**
   * The key of {@link MovieService#getMetadata(long, String)}: {@code movie:meta:{id}:{language}}.
   */
  public static String getMetadata(long id, String language) {
    return GET_METADATA_PREFIX + id + ':' + KeyParts.part(language);
  }

  /**
   * The key of {@link MovieService#recentlyAdded()}: {@code movie:recent}.
   */
  public static String recentlyAdded() {
    return RECENTLY_ADDED_PREFIX;
  }

  /**
   * The key that {@link MovieService#updateMovie(Movie)} invalidates: {@code movie:{movie.id}}.
   */
  public static String updateMovieInvalidation1(Movie movie) {
    String movieId = movie == null ? KeyParts.NULL : String.valueOf(movie.id());
    return GET_MOVIE_PREFIX + movieId;
  }

  /**
   * The key that {@link MovieService#updateMovie(Movie)} invalidates, with every key that continues it after a ':': {@code movie:meta:{movie.id}}.
   */
  public static String updateMovieInvalidation2(Movie movie) {
    String movieId = movie == null ? KeyParts.NULL : String.valueOf(movie.id());
    return GET_METADATA_PREFIX + movieId;
  }
}
