package io.cachegen.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.Movie;
import io.cachegen.samples.service.MovieServiceCacheKeys;
import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Two application contexts, A (the test's) and B (started here), on one database and one Redis, as two
 * instances of a service behind a load balancer: each sees the other's writes over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "media.database.seed=small")
@DirtiesContext
class TwoInstancesHttpTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  /** One named in-memory H2 database that both contexts of this JVM open. */
  private static final String SHARED_DATABASE = "jdbc:h2:mem:two-instances-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  private static ConfigurableApplicationContext instanceB;

  @DynamicPropertySource
  static void shared(DynamicPropertyRegistry registry) {
    registry.add("cachegen.url", redis::uri);
    registry.add("media.database.url", () -> SHARED_DATABASE);
  }

  @LocalServerPort int port;
  @Autowired TieredCache cacheA;

  private RestClient a;
  private RestClient b;
  private Database dbB;

  @BeforeEach
  void startB() {
    if (instanceB == null) {
      // After A, which seeded the shared database.
      instanceB = new SpringApplicationBuilder(MediaApplication.class)
          .properties(
              "server.port=0", "cachegen.url=" + redis.uri(), "media.database.url=" + SHARED_DATABASE,
              "media.database.seed=none", "spring.jmx.enabled=false")
          .run();
    }
    a = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    b = RestClient.builder()
        .baseUrl("http://127.0.0.1:" + instanceB.getEnvironment().getProperty("local.server.port"))
        .build();
    dbB = instanceB.getBean(Database.class);
    TieredCache cacheB = instanceB.getBean(TieredCache.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> cacheA.isL2Available() && cacheB.isL2Available());
  }

  @AfterAll
  static void stopB() {
    if (instanceB != null) {
      instanceB.close();
      instanceB = null;
    }
  }

  private static Movie get(RestClient instance, long id) {
    return instance.get().uri("/movies/{id}", id).retrieve().body(Movie.class);
  }

  @Test
  void aPutThroughA_isSeenByAGetThroughB_thatHadTheOldValueCached() {
    Movie movie = get(b, 21);
    assertThat(get(b, 21)).isEqualTo(movie); // in B's L1 now, for 5 minutes
    Movie renamed = movie.withTitle("Seen Everywhere");

    a.put().uri("/movies/{id}", 21).body(renamed).retrieve().toBodilessEntity();

    await().atMost(Duration.ofSeconds(5)).until(() -> renamed.equals(get(b, 21)));
    assertThat(get(a, 21)).isEqualTo(renamed);
  }

  @Test
  void aMovieLoadedThroughA_isServedThroughBFromRedis_withoutAQueryOnB() {
    Movie movie = get(a, 22);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> Long.valueOf(1).equals(redis.command("EXISTS", MovieServiceCacheKeys.getMovie(22))));
    long before = dbB.queryCount();

    assertThat(get(b, 22)).isEqualTo(movie);
    assertThat(dbB.queryCount()).isEqualTo(before);
  }
}
