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
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The media services as Spring beans, wired as Dagger wires them in {@code di.dagger.MediaModule}: Spring
 * builds each generated decorator through its {@code @Inject} constructor
 * ({@code CachedMovieService(@CachedMovieService.Delegate MovieService delegate, TieredCache cache)}), and
 * each JDBC implementation is a bean of the interface qualified with that decorator's {@code @Delegate}.
 *
 * <p>The JDBC beans are declared {@code defaultCandidate = false}: they are injected only where the
 * qualifier asks for them, so that injecting {@code MovieService} anywhere else finds the decorator alone.
 * Without it, an unqualified {@code MovieService} would match both the decorator and the JDBC bean and
 * Spring would refuse to choose.
 *
 * <p>The one {@link TieredCache} is configured from the Spring {@link Environment} ({@code cache.url},
 * {@code cache.enabled}; also {@code CACHE_URL}/{@code CACHE_ENABLED}, which Spring's relaxed environment
 * maps). A {@link Database} bean must be registered by the application.
 */
@Configuration(proxyBeanMethods = false)
@Import({
  CachedSessionService.class, CachedUserService.class, CachedRbacService.class, CachedSettingsService.class,
  CachedMovieService.class, CachedLibraryService.class, CachedSearchService.class, CachedImageService.class
})
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

  /** What {@link CachedSessionService} decorates: the JDBC implementation. */
  @Bean(defaultCandidate = false)
  @CachedSessionService.Delegate
  public SessionService jdbcSessionService(Database db) {
    return new JdbcSessionService(db);
  }

  /** What {@link CachedUserService} decorates: the JDBC implementation. */
  @Bean(defaultCandidate = false)
  @CachedUserService.Delegate
  public UserService jdbcUserService(Database db) {
    return new JdbcUserService(db);
  }

  /** What {@link CachedRbacService} decorates: the JDBC implementation. */
  @Bean(defaultCandidate = false)
  @CachedRbacService.Delegate
  public RbacService jdbcRbacService(Database db) {
    return new JdbcRbacService(db);
  }

  /** What {@link CachedSettingsService} decorates: the JDBC implementation. */
  @Bean(defaultCandidate = false)
  @CachedSettingsService.Delegate
  public SettingsService jdbcSettingsService(Database db) {
    return new JdbcSettingsService(db);
  }

  /** What {@link CachedMovieService} decorates: the JDBC implementation. */
  @Bean(defaultCandidate = false)
  @CachedMovieService.Delegate
  public MovieService jdbcMovieService(Database db) {
    return new JdbcMovieService(db);
  }

  /** What {@link CachedLibraryService} decorates: the JDBC implementation. */
  @Bean(defaultCandidate = false)
  @CachedLibraryService.Delegate
  public LibraryService jdbcLibraryService(Database db) {
    return new JdbcLibraryService(db);
  }

  /** What {@link CachedSearchService} decorates: the JDBC implementation. */
  @Bean(defaultCandidate = false)
  @CachedSearchService.Delegate
  public SearchService jdbcSearchService(Database db) {
    return new JdbcSearchService(db);
  }

  /** What {@link CachedImageService} decorates: the JDBC implementation. */
  @Bean(defaultCandidate = false)
  @CachedImageService.Delegate
  public ImageService jdbcImageService(Database db) {
    return new JdbcImageService(db);
  }
}
