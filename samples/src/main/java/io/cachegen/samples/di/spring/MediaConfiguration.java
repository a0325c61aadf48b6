package io.cachegen.samples.di.spring;

import io.cachegen.runtime.CacheConfig;
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
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The media services as Spring beans: each interface is its generated decorator over the JDBC
 * implementation, sharing one {@link TieredCache} configured from the Spring {@link Environment}
 * ({@code cache.url}, {@code cache.enabled}; also {@code CACHE_URL}/{@code CACHE_ENABLED}, which
 * Spring's relaxed environment maps). A {@link Database} bean must be registered by the application.
 */
@Configuration(proxyBeanMethods = false)
public class MediaConfiguration {

  /** The cache configuration from the environment. */
  @Bean
  public CacheConfig cacheConfig(Environment environment) {
    Properties properties = new Properties();
    for (String key :
        new String[] {
          CacheConfig.URL, CacheConfig.ENABLED, CacheConfig.L1_MAXIMUM_SIZE, CacheConfig.L1_TTL,
          CacheConfig.CONNECT_TIMEOUT, CacheConfig.COMMAND_TIMEOUT
        }) {
      String value = environment.getProperty(key, environment.getProperty(CacheConfig.environmentName(key)));
      if (value != null) {
        properties.setProperty(key, value);
      }
    }
    return CacheConfig.fromProperties(properties);
  }

  /** The cache, closed with the context. */
  @Bean(destroyMethod = "close")
  public TieredCache tieredCache(CacheConfig config) {
    return TieredCache.builder().config(config).build();
  }

  /** Sessions. */
  @Bean
  public SessionService sessionService(Database db, TieredCache cache) {
    return new CachedSessionService(new JdbcSessionService(db), cache);
  }

  /** Users. */
  @Bean
  public UserService userService(Database db, TieredCache cache) {
    return new CachedUserService(new JdbcUserService(db), cache);
  }

  /** RBAC. */
  @Bean
  public RbacService rbacService(Database db, TieredCache cache) {
    return new CachedRbacService(new JdbcRbacService(db), cache);
  }

  /** Settings. */
  @Bean
  public SettingsService settingsService(Database db, TieredCache cache) {
    return new CachedSettingsService(new JdbcSettingsService(db), cache);
  }

  /** Movies. */
  @Bean
  public MovieService movieService(Database db, TieredCache cache) {
    return new CachedMovieService(new JdbcMovieService(db), cache);
  }

  /** Libraries. */
  @Bean
  public LibraryService libraryService(Database db, TieredCache cache) {
    return new CachedLibraryService(new JdbcLibraryService(db), cache);
  }

  /** Search. */
  @Bean
  public SearchService searchService(Database db, TieredCache cache) {
    return new CachedSearchService(new JdbcSearchService(db), cache);
  }

  /** Images. */
  @Bean
  public ImageService imageService(Database db, TieredCache cache) {
    return new CachedImageService(new JdbcImageService(db), cache);
  }
}
