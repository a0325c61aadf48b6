package io.cachegen.samples.di.dagger;

import dagger.BindsInstance;
import dagger.Component;
import io.cachegen.runtime.CacheConfig;
import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
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
 * The media services as Dagger builds them:
 *
 * <pre>{@code
 * MediaComponent app = DaggerMediaComponent.factory().create(database, CacheConfig.fromEnvironment());
 * Movie movie = app.movies().getMovie(42);   // a CachedMovieService over JdbcMovieService
 * app.cache().close();
 * }</pre>
 */
@Singleton
@Component(modules = MediaModule.class)
public interface MediaComponent {

  /** The cache every service of this graph shares. */
  TieredCache cache();

  /** Sessions. */
  SessionService sessions();

  /** Users. */
  UserService users();

  /** RBAC. */
  RbacService rbac();

  /** Settings. */
  SettingsService settings();

  /** Movies. */
  MovieService movies();

  /** Libraries. */
  LibraryService libraries();

  /** Search. */
  SearchService search();

  /** Images. */
  ImageService images();

  /** Creates the graph over a database and a cache configuration. */
  @Component.Factory
  interface Factory {
    /** The graph over {@code database} with a cache configured by {@code config}. */
    MediaComponent create(@BindsInstance Database database, @BindsInstance CacheConfig config);
  }
}
