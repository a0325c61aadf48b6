package io.cachegen.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.Movie;
import io.cachegen.samples.domain.User;
import io.cachegen.samples.jdbc.JdbcMovieService;
import io.cachegen.samples.service.CachedMovieService;
import io.cachegen.samples.service.CachedUserService;
import io.cachegen.samples.service.MovieService;
import io.cachegen.samples.service.MovieServiceCacheKeys;
import io.cachegen.samples.service.UserService;
import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The sample over HTTP, with the starter on the class path, {@code cachegen.url} pointing at a real
 * redis-server this test starts, and no configuration class for caching.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "media.database.seed=small")
@DirtiesContext
class MediaApplicationHttpTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @DynamicPropertySource
  static void redisUrl(DynamicPropertyRegistry registry) {
    registry.add("cachegen.url", redis::uri);
  }

  @LocalServerPort int port;
  @Autowired Database db;
  @Autowired TieredCache cache;
  @Autowired MovieService movieService;
  @Autowired UserService userService;

  private RestClient http;

  @BeforeEach
  void connect() {
    http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    await().atMost(Duration.ofSeconds(10)).until(cache::isL2Available);
  }

  private Movie getMovie(long id) {
    return http.get().uri("/movies/{id}", id).retrieve().body(Movie.class);
  }

  private User getUser(long id) {
    return http.get().uri("/users/{id}", id).retrieve().body(User.class);
  }

  @Test
  void theServicesTheControllersGet_areTheGeneratedDecorators_overTheApplicationsJdbcServices() {
    assertThat(movieService).isExactlyInstanceOf(CachedMovieService.class);
    assertThat(userService).isExactlyInstanceOf(CachedUserService.class);
    assertThat(cache.hasL2()).isTrue();
  }

  @Test
  void aSecondGet_doesNotReachTheDatabase() {
    long before = db.queryCount();
    Movie first = getMovie(11);
    long afterFirst = db.queryCount();
    Movie second = getMovie(11);

    assertThat(first.id()).isEqualTo(11);
    assertThat(second).isEqualTo(first);
    assertThat(afterFirst - before).as("the first GET queries once").isEqualTo(1);
    assertThat(db.queryCount()).as("the second GET is served from the cache").isEqualTo(afterFirst);
  }

  @Test
  void aPut_invalidates_soTheNextGetReturnsWhatWasWritten() {
    Movie movie = getMovie(12);
    getMovie(12);
    Movie renamed = movie.withTitle("The Moved Picture");

    Movie saved = http.put().uri("/movies/{id}", 12).body(renamed).retrieve().body(Movie.class);

    assertThat(saved).isEqualTo(renamed);
    long before = db.queryCount();
    assertThat(getMovie(12)).isEqualTo(renamed);
    assertThat(db.queryCount() - before).as("the GET after the PUT reads the database again").isEqualTo(1);
    assertThat(getMovie(12)).isEqualTo(renamed);
    assertThat(db.queryCount() - before).as("and caches the new value").isEqualTo(1);
  }

  @Test
  void aValueReadOverHttp_isSharedThroughRedis() {
    Movie movie = getMovie(13);

    await().atMost(Duration.ofSeconds(5))
        .until(() -> Long.valueOf(1).equals(redis.command("EXISTS", MovieServiceCacheKeys.getMovie(13))));
    assertThat((String) redis.command("GET", MovieServiceCacheKeys.getMovie(13))).contains(movie.title());
  }

  @Test
  void users_areCachedAndInvalidatedToo() {
    long before = db.queryCount();
    User user = getUser(5);
    getUser(5);
    assertThat(db.queryCount() - before).isEqualTo(1);

    User renamed = user.withDisplayName("Ada L.");
    http.put().uri("/users/{id}", 5).body(renamed).retrieve().toBodilessEntity();

    assertThat(getUser(5)).isEqualTo(renamed);
  }

  @Test
  void anUnknownMovie_is404_andTheMissIsNotCached() {
    long before = db.queryCount();
    for (int i = 0; i < 2; i++) {
      Integer status = http.get().uri("/movies/{id}", 999_999)
          .exchange((request, response) -> response.getStatusCode().value());
      assertThat(status).isEqualTo(404);
    }
    assertThat(db.queryCount() - before).isEqualTo(2);
  }

  @Test
  void health_isUp_andShowsTheStateOfL2() {
    Map<String, Object> health = http.get().uri("/actuator/health").retrieve()
        .body(new ParameterizedTypeReference<Map<String, Object>>() {});

    assertThat(health).containsEntry("status", "UP");
    assertThat(health).extractingByKey("components").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .extractingByKey("cachegen").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("status", "UP")
        .extractingByKey("details").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("l2", "UP")
        .containsEntry("l2InUse", true);
  }

  @Test
  void theCachesMeters_arePublished() {
    getMovie(14);
    getMovie(14);

    Map<String, Object> gets = http.get().uri("/actuator/metrics/cache.gets?tag=cache:cachegen&tag=tier:l1&tag=result:hit")
        .retrieve().body(new ParameterizedTypeReference<Map<String, Object>>() {});

    assertThat(gets).containsEntry("name", "cache.gets");
    assertThat(gets.get("measurements").toString()).contains("COUNT");
  }

  @Test
  void theDelegateStaysTheApplicationsOwnJdbcService() throws ReflectiveOperationException {
    var field = CachedMovieService.class.getDeclaredField("delegate");
    field.setAccessible(true);
    assertThat(field.get(movieService)).isExactlyInstanceOf(JdbcMovieService.class);
  }
}
