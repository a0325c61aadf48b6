package io.cachegen.samples.di;

import static java.util.Objects.requireNonNull;

import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
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

/** The eight services of one app instance. */
public record MediaServices(
    SessionService sessions,
    UserService users,
    RbacService rbac,
    SettingsService settings,
    MovieService movies,
    LibraryService libraries,
    SearchService search,
    ImageService images) {

  /** The undecorated services, straight to the database. */
  public static MediaServices jdbc(Database db) {
    requireNonNull(db, "db");
    return new MediaServices(
        new JdbcSessionService(db),
        new JdbcUserService(db),
        new JdbcRbacService(db),
        new JdbcSettingsService(db),
        new JdbcMovieService(db),
        new JdbcLibraryService(db),
        new JdbcSearchService(db),
        new JdbcImageService(db));
  }

  /**
   * Wiring by hand: each of {@code delegates} in its generated decorator over {@code cache}
   * ({@code null}: the decorators pass every call through).
   */
  public static MediaServices cached(MediaServices delegates, TieredCache cache) {
    return new MediaServices(
        new CachedSessionService(delegates.sessions(), cache),
        new CachedUserService(delegates.users(), cache),
        new CachedRbacService(delegates.rbac(), cache),
        new CachedSettingsService(delegates.settings(), cache),
        new CachedMovieService(delegates.movies(), cache),
        new CachedLibraryService(delegates.libraries(), cache),
        new CachedSearchService(delegates.search(), cache),
        new CachedImageService(delegates.images(), cache));
  }
}
