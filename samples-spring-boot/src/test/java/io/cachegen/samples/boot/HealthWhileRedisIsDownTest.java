package io.cachegen.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.Movie;
import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/** Redis is an accelerator: when it goes down the application stays UP and keeps answering. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "media.database.seed=small")
@DirtiesContext
class HealthWhileRedisIsDownTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @DynamicPropertySource
  static void redisUrl(DynamicPropertyRegistry registry) {
    registry.add("cachegen.url", redis::uri);
  }

  @LocalServerPort int port;
  @Autowired TieredCache cache;
  @Autowired Database db;

  @Test
  void redisDown_healthStaysUp_withL2NotInUseInItsDetails_andRequestsAreStillAnswered() {
    RestClient http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    await().atMost(Duration.ofSeconds(10)).until(cache::isL2Available);

    redis.server().kill();
    await().atMost(Duration.ofSeconds(10)).until(() -> !cache.isL2Available());

    ResponseEntity<Map<String, Object>> response = http.get().uri("/actuator/health").retrieve()
        .toEntity(new ParameterizedTypeReference<Map<String, Object>>() {});
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getBody()).containsEntry("status", "UP");
    @SuppressWarnings("unchecked")
    Map<String, Object> cachegen = (Map<String, Object>) ((Map<String, Object>) response.getBody().get("components")).get("cachegen");
    assertThat(cachegen).containsEntry("status", "UP");
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) cachegen.get("details");
    assertThat(details.get("l2")).isNotEqualTo("UP");
    assertThat(details).containsEntry("l2InUse", false);

    long before = db.queryCount();
    Movie movie = http.get().uri("/movies/{id}", 15).retrieve().body(Movie.class);
    assertThat(movie.id()).isEqualTo(15);
    assertThat(http.get().uri("/movies/{id}", 15).retrieve().body(Movie.class)).isEqualTo(movie);
    assertThat(db.queryCount() - before).as("L1 still caches while L2 is down").isEqualTo(1);
  }
}
