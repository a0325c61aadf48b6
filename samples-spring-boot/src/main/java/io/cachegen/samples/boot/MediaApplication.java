package io.cachegen.samples.boot;

import io.cachegen.samples.jdbc.JdbcImageService;
import io.cachegen.samples.jdbc.JdbcLibraryService;
import io.cachegen.samples.jdbc.JdbcMovieService;
import io.cachegen.samples.jdbc.JdbcRbacService;
import io.cachegen.samples.jdbc.JdbcSearchService;
import io.cachegen.samples.jdbc.JdbcSessionService;
import io.cachegen.samples.jdbc.JdbcSettingsService;
import io.cachegen.samples.jdbc.JdbcUserService;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The media server as a Spring Boot application. The JDBC implementations of the eight services are its
 * own beans (imported here because they live in {@code cachegen-samples}; in an application they would be
 * {@code @Service} classes); nothing here mentions caching. The cachegen starter finds the decorators the
 * processor generated for the service interfaces and makes each the bean that {@code MovieService},
 * {@code UserService}, … resolve to, over these implementations and one {@code TieredCache} configured by
 * {@code cachegen.url}.
 *
 * <pre>
 * ./mvnw -q -pl samples-spring-boot -am verify -DskipTests -Prun
 * curl localhost:8080/movies/42
 * </pre>
 */
@SpringBootApplication
@Import({
  JdbcSessionService.class, JdbcUserService.class, JdbcRbacService.class, JdbcSettingsService.class,
  JdbcMovieService.class, JdbcLibraryService.class, JdbcSearchService.class, JdbcImageService.class
})
public class MediaApplication {

  /** Starts the server. */
  public static void main(String[] args) {
    SpringApplication.run(MediaApplication.class, args);
  }
}
