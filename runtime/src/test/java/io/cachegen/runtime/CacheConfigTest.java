package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CacheConfigTest {

  @Test
  void defaultsAreL1OnlyWithTheOriginalDesignsLimits() {
    CacheConfig config = CacheConfig.defaults();
    assertThat(config.enabled()).isFalse();
    assertThat(config.url()).isEmpty();
    assertThat(config.effectiveRedisUri()).isEmpty();
    assertThat(config.l1MaximumSize()).isEqualTo(10_000);
    assertThat(config.l1Ttl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void urlIsUsedOnlyWhenEnabled() {
    assertThat(CacheConfig.fromMap(Map.of("cache.url", "redis://h:1")).effectiveRedisUri()).isEmpty();
    assertThat(CacheConfig.fromMap(Map.of("cache.url", "redis://h:1", "cache.enabled", true)).effectiveRedisUri())
        .contains("redis://h:1");
  }

  @Test
  void readsEveryKeyFromProperties() {
    Properties p = new Properties();
    p.setProperty("cache.url", "rediss://user:pw@h:6380");
    p.setProperty("cache.enabled", "true");
    p.setProperty("cache.l1.maximum-size", "500");
    p.setProperty("cache.l1.ttl", "30s");
    p.setProperty("cache.connect-timeout", "PT2S");
    p.setProperty("cache.command-timeout", "250ms");
    CacheConfig config = CacheConfig.fromProperties(p);
    assertThat(config.effectiveRedisUri()).contains("rediss://user:pw@h:6380");
    assertThat(config.l1MaximumSize()).isEqualTo(500);
    assertThat(config.l1Ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.toString()).doesNotContain("pw").contains("****");
  }

  @Test
  void readsTheEnvironmentVariablesOfTheOriginalDesign() {
    CacheConfig config = CacheConfig.fromEnvironment(Map.of(
        "CACHE_URL", "redis://h:1", "CACHE_ENABLED", "true", "CACHE_L1_TTL", "2m", "CACHE_L1_MAXIMUM_SIZE", "42",
        "CACHE_COMMAND_TIMEOUT", "1s", "CACHE_CONNECT_TIMEOUT", "1d"));
    assertThat(config.effectiveRedisUri()).contains("redis://h:1");
    assertThat(config.l1Ttl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.l1MaximumSize()).isEqualTo(42);
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofDays(1));
    assertThat(CacheConfig.environmentName(CacheConfig.L1_MAXIMUM_SIZE)).isEqualTo("CACHE_L1_MAXIMUM_SIZE");
  }

  @Test
  void malformedValuesAreRejectedNamingTheKeyAndValue() {
    assertThatThrownBy(() -> CacheConfig.fromMap(Map.of("cache.l1.ttl", "5 minutes")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache.l1.ttl").hasMessageContaining("5 minutes");
    assertThatThrownBy(() -> CacheConfig.fromMap(Map.of("cache.command-timeout", "0s")))
        .hasMessageContaining("cache.command-timeout must be positive");
    assertThatThrownBy(() -> CacheConfig.fromMap(Map.of("cache.enabled", "maybe")))
        .hasMessageContaining("cache.enabled must be true or false but was \"maybe\"");
    assertThatThrownBy(() -> CacheConfig.fromMap(Map.of("cache.l1.maximum-size", "-3")))
        .hasMessageContaining("cache.l1.maximum-size");
  }

  @Test
  void builderAppliesAConfiguration() {
    try (TieredCache cache = TieredCache.builder().config(CacheConfig.fromMap(Map.of("cache.l1.maximum-size", "1"))).build()) {
      assertThat(cache.hasL2()).isFalse();
    }
  }

  @Test
  void badRedisUriIsRejectedWithoutShowingThePassword() {
    assertThatThrownBy(() -> TieredCache.builder().redisUri("http://user:secret@host"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
  }

  @Test
  void theProtocolsSettingsAreReadFromTheEnvironmentAndTheSecretIsNeverPrinted() {
    CacheConfig config = CacheConfig.fromEnvironment(java.util.Map.of(
        "CACHE_STALENESS_BOUND", "250ms",
        "CACHE_L1_MAXIMUM_WEIGHT", "1_000_000",
        "CACHE_LEASE_TIME", "5s",
        "CACHE_MAX_TTL", "2d",
        "CACHE_MAX_VALUE_BYTES", "4096",
        "CACHE_NAMESPACE", "shop",
        "CACHE_CHANNEL_SECRET", "a-long-shared-secret-42"));
    assertThat(config.stalenessBound()).isEqualTo(java.time.Duration.ofMillis(250));
    assertThat(config.l1MaximumWeight()).isEqualTo(1_000_000);
    assertThat(config.leaseTime()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(config.maxTtl()).isEqualTo(java.time.Duration.ofDays(2));
    assertThat(config.maxValueBytes()).isEqualTo(4096);
    assertThat(config.namespace()).isEqualTo("shop");
    assertThat(config.channelSecret()).contains("a-long-shared-secret-42");
    assertThat(config.toString()).doesNotContain("a-long-shared-secret-42").contains("channelSecret=****");
    TieredCache.builder().config(config).build().close();
  }

  @Test
  void aMalformedProtocolSettingNamesItsKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CacheConfig.fromEnvironment(java.util.Map.of("CACHE_MAX_VALUE_BYTES", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache.max-value-bytes");
  }
}
