package p;

import io.cachegen.runtime.TieredCache;
import io.cachegen.runtime.TypeRef;
import io.cachegen.runtime.internal.CacheAccess;
import io.cachegen.runtime.internal.CachedMethod;
import jakarta.inject.Inject;
import jakarta.inject.Qualifier;
import java.io.IOException;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * A {@link MovieService} that caches in a {@link TieredCache}: {@code @Cached} methods read
 * through the cache, {@code @Invalidates} methods remove entries after the delegate ran,
 * every other method calls the delegate. Keys and TTLs are in {@link MovieServiceCacheKeys}.
 */
@Generated("io.cachegen.processor.CachedProcessor")
public final class CachedMovieService implements MovieService {
  private static final CachedMethod<Movie> GET_MOVIE = CachedMethod.of("MovieService.getMovie",
      MovieServiceCacheKeys.GET_MOVIE_PREFIX, TypeRef.of(Movie.class),
      MovieServiceCacheKeys.GET_MOVIE_TTL);

  private static final CachedMethod<MovieMetadata> GET_METADATA = CachedMethod.of(
      "MovieService.getMetadata", MovieServiceCacheKeys.GET_METADATA_PREFIX,
      TypeRef.of(MovieMetadata.class), MovieServiceCacheKeys.GET_METADATA_TTL);

  private static final CachedMethod<List<Movie>> RECENTLY_ADDED = CachedMethod.of(
      "MovieService.recentlyAdded", MovieServiceCacheKeys.RECENTLY_ADDED_PREFIX,
      new TypeRef<List<Movie>>() {}, MovieServiceCacheKeys.RECENTLY_ADDED_TTL);

  private final MovieService delegate;

  private final CacheAccess cache;

  /**
   * Decorates {@code delegate}.
   *
   * <p>A DI container calls this constructor when {@code MovieService} is bound to this class and the
   * {@code MovieService} that does the work is bound with the {@link Delegate @CachedMovieService.Delegate} qualifier.
   *
   * @param delegate the service that computes values on a miss and performs writes
   * @param cache the cache, or {@code null} to call the delegate directly
   */
  @Inject
  public CachedMovieService(@Delegate MovieService delegate, TieredCache cache) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.cache = CacheAccess.of(cache);
  }

  /**
   * Caches {@link MovieService#getMovie(long)} under {@code movie:{id}} for 5 minutes.
   */
  @Override
  public Movie getMovie(long id) {
    String key = MovieServiceCacheKeys.getMovie(id);
    Movie cached = cache.peek(GET_MOVIE, key);
    if (cached != null) {
      return cached;
    }
    return cache.get(GET_MOVIE, key, () -> delegate.getMovie(id));
  }

  /**
   * Caches {@link MovieService#getMetadata(long, String)} under {@code movie:meta:{id}:{language}} for 10 minutes.
   */
  @Override
  public MovieMetadata getMetadata(long id, String language) {
    String key = MovieServiceCacheKeys.getMetadata(id, language);
    MovieMetadata cached = cache.peek(GET_METADATA, key);
    if (cached != null) {
      return cached;
    }
    return cache.get(GET_METADATA, key, () -> delegate.getMetadata(id, language));
  }

  /**
   * Caches {@link MovieService#recentlyAdded()} under {@code movie:recent} for 2 minutes.
   */
  @Override
  public List<Movie> recentlyAdded() {
    String key = MovieServiceCacheKeys.recentlyAdded();
    List<Movie> cached = cache.peek(RECENTLY_ADDED, key);
    if (cached != null) {
      return cached;
    }
    return cache.get(RECENTLY_ADDED, key, () -> delegate.recentlyAdded());
  }

  /**
   * Calls {@link MovieService#updateMovie(Movie)}, then invalidates
   * <ul>
   *   <li>{@code movie:{movie.id}}
   *   <li>{@code movie:meta:{movie.id}} and every key continuing it after a {@code ':'}
   *   <li>{@code movie:recent}
   * </ul>
   */
  @Override
  public void updateMovie(Movie movie) throws IOException {
    try {
      delegate.updateMovie(movie);
    } finally {
      String group = MovieServiceCacheKeys.updateMovieInvalidation2(movie);
      cache.invalidate(
          List.of(MovieServiceCacheKeys.updateMovieInvalidation1(movie), group,
              MovieServiceCacheKeys.RECENTLY_ADDED_PREFIX),
          List.of(group + ':'));
    }
  }

  /**
   * Marks the {@link MovieService} that {@link CachedMovieService} decorates, so that a DI container can bind
   * {@code MovieService} to the decorator and the delegate separately.
   */
  @Qualifier
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.FIELD, ElementType.TYPE})
  public @interface Delegate {
  }
}
