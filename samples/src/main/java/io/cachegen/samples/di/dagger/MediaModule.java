package io.cachegen.samples.di.dagger;

import dagger.Module;
import dagger.Provides;
import io.cachegen.runtime.CacheConfig;
import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.jdbc.JdbcImageService;
import io.cachegen.samples.jdbc.JdbcLibraryService;
import io.cachegen.samples.jdbc.JdbcMovieService;
import io.cachegen.samples.jdbc.JdbcRbacService;
import io.cachegen.samples.jdbc.JdbcSearchService;
import io.cachegen.samples.jdbc.JdbcSessionService;
import io.cachegen.samples.jdbc.JdbcSettingsService;
import io.cachegen.samples.jdbc.JdbcUserService;
import io.cachegen.samples.service.CachedImageService;
import io.cachegen.samples.service.CachedLibraryService;
import io.cachegen.samples.service.CachedMovieService;
import io.cachegen.samples.service.CachedRbacService;
import io.cachegen.samples.service.CachedSearchService;
import io.cachegen.samples.service.CachedSessionService;
import io.cachegen.samples.service.CachedSettingsService;
import io.cachegen.samples.service.CachedUserService;
import io.cachegen.samples.service.ImageService;
import io.cachegen.samples.service.LibraryService;
import io.cachegen.samples.service.MovieService;
import io.cachegen.samples.service.RbacService;
import io.cachegen.samples.service.SearchService;
import io.cachegen.samples.service.SessionService;
import io.cachegen.samples.service.SettingsService;
import io.cachegen.samples.service.UserService;
import jakarta.inject.Singleton;

/**
 * The cache, from {@link CacheConfig} ({@code cache.url}, {@code cache.enabled}: L1 only unless both
 * are set), and each service interface bound to its generated decorator. Dagger builds the JDBC
 * implementations from their {@code @Inject} constructors.
 *
 * <p>The decorator is constructed here rather than through its own {@code @Inject} constructor: that
 * constructor asks for the service interface as its delegate, and in this graph the interface is the
 * decorator itself, so Dagger would report a dependency cycle.
 */
@Module
public final class MediaModule {
  private MediaModule() {}

  /** The one cache of the graph; the caller closes it through {@link MediaComponent#cache()}. */
  @Provides
  @Singleton
  static TieredCache tieredCache(CacheConfig config) {
    return TieredCache.builder().config(config).build();
  }

  @Provides
  @Singleton
  static SessionService sessionService(JdbcSessionService jdbc, TieredCache cache) {
    return new CachedSessionService(jdbc, cache);
  }

  @Provides
  @Singleton
  static UserService userService(JdbcUserService jdbc, TieredCache cache) {
    return new CachedUserService(jdbc, cache);
  }

  @Provides
  @Singleton
  static RbacService rbacService(JdbcRbacService jdbc, TieredCache cache) {
    return new CachedRbacService(jdbc, cache);
  }

  @Provides
  @Singleton
  static SettingsService settingsService(JdbcSettingsService jdbc, TieredCache cache) {
    return new CachedSettingsService(jdbc, cache);
  }

  @Provides
  @Singleton
  static MovieService movieService(JdbcMovieService jdbc, TieredCache cache) {
    return new CachedMovieService(jdbc, cache);
  }

  @Provides
  @Singleton
  static LibraryService libraryService(JdbcLibraryService jdbc, TieredCache cache) {
    return new CachedLibraryService(jdbc, cache);
  }

  @Provides
  @Singleton
  static SearchService searchService(JdbcSearchService jdbc, TieredCache cache) {
    return new CachedSearchService(jdbc, cache);
  }

  @Provides
  @Singleton
  static ImageService imageService(JdbcImageService jdbc, TieredCache cache) {
    return new CachedImageService(jdbc, cache);
  }
}
