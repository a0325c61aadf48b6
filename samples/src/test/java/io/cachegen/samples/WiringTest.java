package io.cachegen.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dagger.Provides;
import io.cachegen.runtime.CacheConfig;
import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.di.MediaServices;
import io.cachegen.samples.di.dagger.DaggerMediaComponent;
import io.cachegen.samples.di.dagger.MediaComponent;
import io.cachegen.samples.di.dagger.MediaModule;
import io.cachegen.samples.di.spring.MediaConfiguration;
import io.cachegen.samples.domain.Movie;
import io.cachegen.samples.jdbc.JdbcMovieService;
import io.cachegen.samples.service.CachedImageService;
import io.cachegen.samples.service.CachedLibraryService;
import io.cachegen.samples.service.CachedMovieService;
import io.cachegen.samples.service.CachedRbacService;
import io.cachegen.samples.service.CachedSearchService;
import io.cachegen.samples.service.CachedSessionService;
import io.cachegen.samples.service.CachedSettingsService;
import io.cachegen.samples.service.CachedUserService;
import io.cachegen.samples.service.MovieService;
import io.cachegen.samples.service.RbacService;
import io.cachegen.samples.service.UserService;
import jakarta.inject.Inject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

/** Each way of wiring the services hands out the generated decorators, and they cache. */
class WiringTest {
  private Database db;

  @BeforeEach
  void seed() {
    db = SeededDatabase.create();
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void handWiring_wrapsEveryServiceInItsDecorator_andARepeatedCallQueriesTheDatabaseOnce() {
    try (TieredCache cache = TieredCache.inMemory()) {
      MediaServices services = MediaServices.cached(MediaServices.jdbc(db), cache);

      assertThat(services.sessions()).isInstanceOf(CachedSessionService.class);
      assertThat(services.users()).isInstanceOf(CachedUserService.class);
      assertThat(services.rbac()).isInstanceOf(CachedRbacService.class);
      assertThat(services.settings()).isInstanceOf(CachedSettingsService.class);
      assertThat(services.movies()).isInstanceOf(CachedMovieService.class);
      assertThat(services.libraries()).isInstanceOf(CachedLibraryService.class);
      assertThat(services.search()).isInstanceOf(CachedSearchService.class);
      assertThat(services.images()).isInstanceOf(CachedImageService.class);
      assertRepeatedCallQueriesOnce(services.movies());
    }
  }

  @Test
  void handWiring_withoutACache_passesEveryCallThrough() {
    MediaServices services = MediaServices.cached(MediaServices.jdbc(db), null);
    long before = db.queryCount();

    services.movies().getMovie(7);
    services.movies().getMovie(7);

    assertThat(db.queryCount() - before).isEqualTo(2);
  }

  @Test
  void dagger_injectsTheDecorators_sharingOneCache_andARepeatedCallQueriesTheDatabaseOnce() {
    MediaComponent app = DaggerMediaComponent.factory().create(db, CacheConfig.defaults());
    try {
      assertThat(app.movies()).isExactlyInstanceOf(CachedMovieService.class).isSameAs(app.movies());
      assertThat(delegateOf(app.movies())).isExactlyInstanceOf(JdbcMovieService.class);
      assertThat(app.users()).isInstanceOf(CachedUserService.class);
      assertThat(app.rbac()).isInstanceOf(CachedRbacService.class);
      assertThat(app.sessions()).isInstanceOf(CachedSessionService.class);
      assertThat(app.settings()).isInstanceOf(CachedSettingsService.class);
      assertThat(app.libraries()).isInstanceOf(CachedLibraryService.class);
      assertThat(app.search()).isInstanceOf(CachedSearchService.class);
      assertThat(app.images()).isInstanceOf(CachedImageService.class);
      assertThat(app.cache().hasL2()).isFalse();

      assertRepeatedCallQueriesOnce(app.movies());
      assertThat(app.cache().stats().l1Hits()).isEqualTo(1);
    } finally {
      app.cache().close();
    }
  }

  @Test
  void dagger_buildsTheDecoratorsThroughTheirGeneratedInjectConstructors() throws NoSuchMethodException {
    // The module only binds: no method of it constructs a service, so Dagger must call the decorator's
    // @Inject constructor, with the @Delegate-qualified JDBC service and the graph's cache.
    assertThat(MediaModule.class.getDeclaredMethods())
        .filteredOn(m -> m.isAnnotationPresent(Provides.class))
        .extracting(Method::getReturnType)
        .containsExactly(TieredCache.class);
    Constructor<CachedMovieService> constructor =
        CachedMovieService.class.getConstructor(MovieService.class, TieredCache.class);
    assertThat(constructor.isAnnotationPresent(Inject.class)).isTrue();
    assertThat(constructor.getParameters()[0].isAnnotationPresent(CachedMovieService.Delegate.class)).isTrue();

    MediaComponent app = DaggerMediaComponent.factory().create(db, CacheConfig.defaults());
    try {
      MovieService movies = app.movies();
      assertThat(movies.getClass()).isEqualTo(CachedMovieService.class);
      assertThat(delegateOf(movies)).isExactlyInstanceOf(JdbcMovieService.class);
      assertRepeatedCallQueriesOnce(movies);
      assertThat(app.cache().stats().l1Hits()).as("the decorator caches in the graph's cache").isEqualTo(1);
    } finally {
      app.cache().close();
    }
  }

  @Test
  void spring_injectsTheDecorators_sharingOneCache_andARepeatedCallQueriesTheDatabaseOnce() {
    try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
      context.registerBean(Database.class, () -> db);
      context.register(MediaConfiguration.class, Consumer.class);
      context.refresh();

      MovieService movies = context.getBean(MovieService.class);
      assertThat(movies).isExactlyInstanceOf(CachedMovieService.class);
      assertThat(delegateOf(movies)).isExactlyInstanceOf(JdbcMovieService.class);
      assertThat(context.getBean(Consumer.class).users).isInstanceOf(CachedUserService.class);
      assertThat(context.getBean(RbacService.class)).isInstanceOf(CachedRbacService.class);
      assertThat(context.getBean(TieredCache.class).hasL2()).isFalse();

      assertRepeatedCallQueriesOnce(movies);
      assertThat(context.getBean(TieredCache.class).stats().l1Hits()).isEqualTo(1);
    }
  }

  @Test
  void spring_buildsTheDecoratorsThroughTheirInjectConstructors_overTheDelegateQualifiedJdbcBeans() {
    try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
      context.registerBean(Database.class, () -> db);
      context.register(MediaConfiguration.class);
      context.refresh();

      // No @Bean method of the configuration returns a decorator: Spring calls the generated constructor.
      assertThat(MediaConfiguration.class.getDeclaredMethods())
          .extracting(Method::getReturnType)
          .noneMatch(type -> type.getSimpleName().startsWith("Cached"));
      // The JDBC bean is there, but only for the decorator's qualifier.
      assertThat(context.getBeanNamesForType(MovieService.class)).containsExactlyInAnyOrder(CachedMovieService.class.getName(), "jdbcMovieService");
      assertThat(((AbstractBeanDefinition) context.getBeanFactory().getBeanDefinition("jdbcMovieService"))
              .isDefaultCandidate())
          .isFalse();
      assertThat(context.getBean(MovieService.class)).isExactlyInstanceOf(CachedMovieService.class);
    }
  }

  @Test
  void spring_withoutDefaultCandidateFalse_theInterfaceIsAmbiguous() {
    try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
      context.registerBean(Database.class, () -> db);
      context.register(QualifiedButDefaultCandidate.class, MovieConsumer.class);

      assertThatThrownBy(context::refresh)
          .hasRootCauseInstanceOf(NoUniqueBeanDefinitionException.class)
          .rootCause()
          .hasMessageContaining("expected single matching bean but found 2");
    }
  }

  /** The wiring the README once implied: the qualifier alone leaves the JDBC bean a default candidate. */
  @Configuration(proxyBeanMethods = false)
  @Import(CachedMovieService.class)
  static class QualifiedButDefaultCandidate {
    @Bean
    TieredCache tieredCache() {
      return TieredCache.inMemory();
    }

    @Bean
    @CachedMovieService.Delegate
    MovieService jdbcMovieService(Database db) {
      return new JdbcMovieService(db);
    }
  }

  /** Application code that asks for movies. */
  static class MovieConsumer {
    final MovieService movies;

    MovieConsumer(MovieService movies) {
      this.movies = movies;
    }
  }

  @Test
  void spring_readsCacheSettingsFromTheEnvironment() {
    try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
      context.getEnvironment().getPropertySources()
          .addFirst(new MapPropertySource("test", Map.of("cache.enabled", "false", "cache.l1.maximum-size", "123")));
      context.registerBean(Database.class, () -> db);
      context.register(MediaConfiguration.class);
      context.refresh();

      CacheConfig config = context.getBean(CacheConfig.class);
      assertThat(config.enabled()).isFalse();
      assertThat(config.l1MaximumSize()).isEqualTo(123);
    }
  }

  /** An application bean that asks for the interface, as application code does. */
  static class Consumer {
    final UserService users;

    Consumer(UserService users) {
      this.users = users;
    }
  }

  private static Object delegateOf(Object decorator) {
    return fieldOf(decorator, "delegate");
  }

  /** A private field of a generated decorator. */
  private static Object fieldOf(Object decorator, String name) {
    try {
      Field field = decorator.getClass().getDeclaredField(name);
      field.setAccessible(true);
      return field.get(decorator);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private void assertRepeatedCallQueriesOnce(MovieService movies) {
    long before = db.queryCount();
    Movie first = movies.getMovie(42);
    Movie second = movies.getMovie(42);

    assertThat(first).isNotNull().isEqualTo(second);
    assertThat(first.id()).isEqualTo(42);
    assertThat(db.queryCount() - before).isEqualTo(1);
  }
}
