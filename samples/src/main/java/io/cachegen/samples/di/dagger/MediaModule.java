package io.cachegen.samples.di.dagger;

import dagger.Binds;
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
 * are set), and each service interface bound to its generated decorator.
 *
 * <p>Dagger builds the decorators through their generated {@code @Inject} constructors
 * ({@code CachedMovieService(@CachedMovieService.Delegate MovieService delegate, TieredCache cache)}),
 * and the JDBC implementations through theirs. Each service is bound twice: the interface itself to
 * the decorator, and the interface qualified with the decorator's {@code @Delegate} to the JDBC
 * implementation the decorator calls on a miss. Without the qualifier the decorator would ask for
 * itself and Dagger would report a dependency cycle.
 */
@Module
public abstract class MediaModule {
  private MediaModule() {}

  /** The one cache of the graph; the caller closes it through {@link MediaComponent#cache()}. */
  @Provides
  @Singleton
  static TieredCache tieredCache(CacheConfig config) {
    return TieredCache.builder().config(config).build();
  }

  /** {@link SessionService} is the decorator, one per graph. */
  @Binds
  @Singleton
  abstract SessionService sessions(CachedSessionService cached);

  /** What {@link CachedSessionService} decorates: the JDBC implementation. */
  @Binds
  @CachedSessionService.Delegate
  abstract SessionService jdbcSessions(JdbcSessionService jdbc);

  /** {@link UserService} is the decorator, one per graph. */
  @Binds
  @Singleton
  abstract UserService users(CachedUserService cached);

  /** What {@link CachedUserService} decorates: the JDBC implementation. */
  @Binds
  @CachedUserService.Delegate
  abstract UserService jdbcUsers(JdbcUserService jdbc);

  /** {@link RbacService} is the decorator, one per graph. */
  @Binds
  @Singleton
  abstract RbacService rbac(CachedRbacService cached);

  /** What {@link CachedRbacService} decorates: the JDBC implementation. */
  @Binds
  @CachedRbacService.Delegate
  abstract RbacService jdbcRbac(JdbcRbacService jdbc);

  /** {@link SettingsService} is the decorator, one per graph. */
  @Binds
  @Singleton
  abstract SettingsService settings(CachedSettingsService cached);

  /** What {@link CachedSettingsService} decorates: the JDBC implementation. */
  @Binds
  @CachedSettingsService.Delegate
  abstract SettingsService jdbcSettings(JdbcSettingsService jdbc);

  /** {@link MovieService} is the decorator, one per graph. */
  @Binds
  @Singleton
  abstract MovieService movies(CachedMovieService cached);

  /** What {@link CachedMovieService} decorates: the JDBC implementation. */
  @Binds
  @CachedMovieService.Delegate
  abstract MovieService jdbcMovies(JdbcMovieService jdbc);

  /** {@link LibraryService} is the decorator, one per graph. */
  @Binds
  @Singleton
  abstract LibraryService libraries(CachedLibraryService cached);

  /** What {@link CachedLibraryService} decorates: the JDBC implementation. */
  @Binds
  @CachedLibraryService.Delegate
  abstract LibraryService jdbcLibraries(JdbcLibraryService jdbc);

  /** {@link SearchService} is the decorator, one per graph. */
  @Binds
  @Singleton
  abstract SearchService search(CachedSearchService cached);

  /** What {@link CachedSearchService} decorates: the JDBC implementation. */
  @Binds
  @CachedSearchService.Delegate
  abstract SearchService jdbcSearch(JdbcSearchService jdbc);

  /** {@link ImageService} is the decorator, one per graph. */
  @Binds
  @Singleton
  abstract ImageService images(CachedImageService cached);

  /** What {@link CachedImageService} decorates: the JDBC implementation. */
  @Binds
  @CachedImageService.Delegate
  abstract ImageService jdbcImages(JdbcImageService jdbc);
}
