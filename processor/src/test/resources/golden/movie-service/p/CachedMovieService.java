package p;

import io.cachegen.runtime.CacheSpec;
import io.cachegen.runtime.TieredCache;
import io.cachegen.runtime.TypeRef;
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
  private static final CacheSpec<Movie> GET_MOVIE =
      CacheSpec.of(TypeRef.of(Movie.class), MovieServiceCacheKeys.GET_MOVIE_TTL)
          .named("MovieService.getMovie");

  private static final CacheSpec<MovieMetadata> GET_METADATA =
      CacheSpec.of(TypeRef.of(MovieMetadata.class), MovieServiceCacheKeys.GET_METADATA_TTL)
          .named("MovieService.getMetadata");

  private static final CacheSpec<List<Movie>> RECENTLY_ADDED =
      CacheSpec.of(new TypeRef<List<Movie>>() {}, MovieServiceCacheKeys.RECENTLY_ADDED_TTL)
          .named("MovieService.recentlyAdded");

  private final MovieService delegate;

  private final TieredCache cache;

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
    this.cache = cache;
  }

  /**
   * Caches {@link MovieService#getMovie(long)} under {@code movie:{id}} for 5 minutes.
   */
  @Override
  public Movie getMovie(long id) {
    if (cache == null) {
      return delegate.getMovie(id);
    }
    return cache.cacheAside(MovieServiceCacheKeys.getMovie(id), GET_MOVIE,
        () -> delegate.getMovie(id));
  }

  /**
   * Caches {@link MovieService#getMetadata(long, String)} under {@code movie:meta:{id}:{language}} for 10 minutes.
   */
  @Override
  public MovieMetadata getMetadata(long id, String language) {
    if (cache == null) {
      return delegate.getMetadata(id, language);
    }
    return cache.cacheAside(MovieServiceCacheKeys.getMetadata(id, language), GET_METADATA,
        () -> delegate.getMetadata(id, language));
  }

  /**
   * Caches {@link MovieService#recentlyAdded()} under {@code movie:recent} for 2 minutes.
   */
  @Override
  public List<Movie> recentlyAdded() {
    if (cache == null) {
      return delegate.recentlyAdded();
    }
    return cache.cacheAside(MovieServiceCacheKeys.recentlyAdded(), RECENTLY_ADDED,
        () -> delegate.recentlyAdded());
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
    if (cache == null) {
      delegate.updateMovie(movie);
      return;
    }
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
