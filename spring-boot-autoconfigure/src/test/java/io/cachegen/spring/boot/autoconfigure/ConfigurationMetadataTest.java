package io.cachegen.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.runtime.CacheConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration metadata that IDEs complete {@code cachegen.*} from: every key, described, with the runtime's defaults. */
class ConfigurationMetadataTest {

  private static Map<String, JsonNode> properties() throws IOException {
    try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
      Map<String, JsonNode> byName = new HashMap<>();
      for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
        byName.put(property.get("name").asString(), property);
      }
      return byName;
    }
  }

  @Test
  void everyPropertyIsListed_withADescription() throws IOException {
    Map<String, JsonNode> properties = properties();

    assertThat(properties).containsKeys(
        "cachegen.url", "cachegen.enabled", "cachegen.l1.maximum-size", "cachegen.l1.ttl", "cachegen.connect-timeout",
        "cachegen.command-timeout", "cachegen.decorators.enabled", "cachegen.decorators.exclude",
        "management.health.cachegen.enabled", "cachegen.l1.maximum-weight", "cachegen.staleness-bound",
        "cachegen.lease-time", "cachegen.max-ttl", "cachegen.max-value-bytes", "cachegen.namespace",
        "cachegen.channel-secret", "cachegen.tls-ca-file");
    assertThat(properties.values())
        .allSatisfy(p -> assertThat(p.path("description").asString()).as(p.get("name").asString()).isNotBlank());
  }

  @Test
  void theDefaultsShown_areTheRuntimesDefaults() throws IOException {
    Map<String, JsonNode> properties = properties();
    CacheConfig defaults = CacheConfig.defaults();

    assertThat(properties.get("cachegen.l1.maximum-size").get("defaultValue").asLong()).isEqualTo(defaults.l1MaximumSize());
    assertThat(duration(properties, "cachegen.l1.ttl")).isEqualTo(defaults.l1Ttl());
    assertThat(duration(properties, "cachegen.connect-timeout")).isEqualTo(defaults.connectTimeout());
    assertThat(duration(properties, "cachegen.command-timeout")).isEqualTo(defaults.commandTimeout());
    assertThat(properties.get("cachegen.l1.maximum-weight").get("defaultValue").asLong()).isEqualTo(defaults.l1MaximumWeight());
    assertThat(duration(properties, "cachegen.staleness-bound")).isEqualTo(defaults.stalenessBound());
    assertThat(duration(properties, "cachegen.lease-time")).isEqualTo(defaults.leaseTime());
    assertThat(duration(properties, "cachegen.max-ttl")).isEqualTo(defaults.maxTtl());
    assertThat(properties.get("cachegen.max-value-bytes").get("defaultValue").asInt()).isEqualTo(defaults.maxValueBytes());
    assertThat(properties.get("cachegen.namespace").get("defaultValue").asString()).isEqualTo(defaults.namespace());
  }

  private static Duration duration(Map<String, JsonNode> properties, String name) {
    return DurationStyle.detectAndParse(properties.get(name).get("defaultValue").asString());
  }
}
