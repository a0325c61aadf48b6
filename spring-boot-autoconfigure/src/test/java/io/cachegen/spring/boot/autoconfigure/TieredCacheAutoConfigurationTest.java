package io.cachegen.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.runtime.L2State;
import io.cachegen.runtime.TieredCache;
import io.cachegen.spring.boot.autoconfigure.fixtures.Catalog;
import io.cachegen.spring.boot.autoconfigure.fixtures.scanned.ScanConfiguration;
import io.cachegen.spring.boot.autoconfigure.fixtures.scanned.ScannedCatalog;
import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link TieredCache} bean: built from the {@code cachegen.*} properties, closed with the context. */
class TieredCacheAutoConfigurationTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CachegenAutoConfiguration.class));

  @Test
  void withoutProperties_theCacheIsL1Only() {
    runner.run(context -> {
      TieredCache cache = context.getBean(TieredCache.class);
      assertThat(cache.hasL2()).isFalse();
      assertThat(cache.health().state()).isEqualTo(L2State.DISABLED);
    });
  }

  @Test
  void theUrlAlone_turnsL2On() {
    runner.withPropertyValues("cachegen.url=" + redis.uri()).run(context -> {
      TieredCache cache = context.getBean(TieredCache.class);
      assertThat(cache.hasL2()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(cache::isL2Available);
    });
  }

  @Test
  void theUrlWithEnabledTrue_turnsL2On() {
    runner.withPropertyValues("cachegen.url=" + redis.uri(), "cachegen.enabled=true").run(context -> {
      TieredCache cache = context.getBean(TieredCache.class);
      await().atMost(Duration.ofSeconds(10)).until(cache::isL2Available);
    });
  }

  @Test
  void enabledFalse_keepsTheCacheL1Only_whateverTheUrl() {
    runner.withPropertyValues("cachegen.url=" + redis.uri(), "cachegen.enabled=false")
        .run(context -> assertThat(context.getBean(TieredCache.class).hasL2()).isFalse());
  }

  @Test
  void aBlankUrl_asAnUnsetVariableLeavesIt_meansL1Only() {
    runner.withPropertyValues("cachegen.url=${CACHEGEN_TEST_UNSET_VARIABLE:}")
        .run(context -> assertThat(context.getBean(TieredCache.class).hasL2()).isFalse());
  }

  @Test
  void enabledTrue_withoutAUrl_failsAtStartup_namingTheProperty() {
    runner.withPropertyValues("cachegen.enabled=true").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure())
          .rootCause()
          .isInstanceOf(InvalidConfigurationPropertyValueException.class)
          .hasMessageContaining("cachegen.enabled")
          .hasMessageContaining("cachegen.url is not set");
    });
  }

  @Test
  void aMalformedUrl_failsAtStartup_withoutShowingThePassword() {
    runner.withPropertyValues("cachegen.url=redis://user:s3cret@:6379").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure())
          .rootCause()
          .isInstanceOf(InvalidConfigurationPropertyValueException.class)
          .hasMessageContaining("cachegen.url")
          .hasMessageNotContaining("s3cret");
    });
  }

  @Test
  void l1Ttl_andBuilderCustomizers_reachTheCache() {
    AtomicLong nanos = new AtomicLong();
    runner.withUserConfiguration(ScanConfiguration.class)
        .withBean(TieredCacheBuilderCustomizer.class, () -> builder -> builder.ticker(nanos::get))
        .withPropertyValues("cachegen.l1.ttl=1m", "cachegen.l1.maximum-size=500")
        .run(context -> {
          Catalog catalog = context.getBean(Catalog.class);
          ScannedCatalog implementation = context.getBean(ScannedCatalog.class);
          catalog.title(1);
          nanos.addAndGet(Duration.ofSeconds(59).toNanos());
          catalog.title(1);
          assertThat(implementation.reads()).as("within the L1 TTL").isEqualTo(1);

          nanos.addAndGet(Duration.ofSeconds(2).toNanos());
          catalog.title(1);
          assertThat(implementation.reads()).as("past the L1 TTL of 1m, before the entry TTL of 5m").isEqualTo(2);
        });
  }

  @Test
  void propertiesBind_inSpringBootsDurationForms() {
    runner.withPropertyValues(
            "cachegen.l1.maximum-size=123", "cachegen.l1.ttl=90s", "cachegen.connect-timeout=PT2S",
            "cachegen.command-timeout=750ms")
        .run(context -> {
          CachegenProperties properties = context.getBean(CachegenProperties.class);
          assertThat(properties.l1().maximumSize()).isEqualTo(123);
          assertThat(properties.l1().ttl()).isEqualTo(Duration.ofSeconds(90));
          assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(properties.commandTimeout()).isEqualTo(Duration.ofMillis(750));
          assertThat(context).hasSingleBean(TieredCache.class);
        });
  }

  @Test
  void theProtocolsPropertiesBind_andReachTheCache() {
    runner.withPropertyValues(
            "cachegen.url=" + redis.uri(), "cachegen.namespace=shop", "cachegen.max-ttl=10s",
            "cachegen.max-value-bytes=100", "cachegen.staleness-bound=500ms", "cachegen.lease-time=3s",
            "cachegen.l1.maximum-weight=1000000")
        .run(context -> {
          CachegenProperties properties = context.getBean(CachegenProperties.class);
          assertThat(properties.stalenessBound()).isEqualTo(Duration.ofMillis(500));
          assertThat(properties.leaseTime()).isEqualTo(Duration.ofSeconds(3));
          assertThat(properties.l1().maximumWeight()).isEqualTo(1_000_000L);
          TieredCache cache = context.getBean(TieredCache.class);
          await().atMost(Duration.ofSeconds(10)).until(() -> cache.health().state() == L2State.UP);

          assertThat(redis.command("PUBSUB", "CHANNELS", "{shop}:*").toString())
              .as("the namespace names the channels").contains("{shop}:invalidations");
          cache.setJson("cart:1", "a short value", Duration.ofHours(1));
          assertThat((Long) redis.command("PTTL", "cart:1")).as("max-ttl cuts the TTL in Redis").isBetween(1L, 10_000L);
          cache.setJson("cart:2", "x".repeat(200), Duration.ofHours(1));
          assertThat(redis.command("EXISTS", "cart:2")).as("a value over max-value-bytes stays out of Redis").isEqualTo(0L);
        });
  }

  @ParameterizedTest
  @CsvSource({
    "cachegen.staleness-bound=10ms, stalenessBound must be at least 40ms",
    "cachegen.lease-time=0s, leaseTime must be positive",
    "cachegen.l1.maximum-weight=0, l1MaximumWeight must be positive",
    "cachegen.max-ttl=500ms, maxTtl must be at least 1s",
    "cachegen.max-value-bytes=0, maxValueBytes must be positive",
    "cachegen.namespace={shop}, namespace must be non-blank text without braces",
  })
  void eachProtocolProperty_reachesTheBuilder_whichRejectsAnOutOfRangeValueAtStartup(String property, String message) {
    runner.withPropertyValues(property).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
    });
  }

  @Test
  void aChannelSecretTooShort_failsAtStartup_withoutShowingIt() {
    runner.withPropertyValues("cachegen.channel-secret=tooShortSecret").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("channelSecret must be at least 16 characters")
          .message().doesNotContain("tooShortSecret");
    });
  }

  @Test
  void anApplicationsOwnCache_replacesTheAutoConfiguredOne_andTheDecoratorsUseIt() {
    runner.withUserConfiguration(OwnCache.class, ScanConfiguration.class).run(context -> {
      assertThat(context).hasSingleBean(TieredCache.class);
      TieredCache own = context.getBean(TieredCache.class);
      assertThat(own).isSameAs(context.getBean("ownCache"));
      Catalog catalog = context.getBean(Catalog.class);
      catalog.title(3);
      catalog.title(3);
      assertThat(own.stats().l1Hits()).as("the decorators cache in the application's own cache").isEqualTo(1);
    });
  }

  @Test
  void closingTheContext_closesTheCachesRedisConnections() {
    long before = clients();
    runner.withPropertyValues("cachegen.url=" + redis.uri()).run(context -> {
      await().atMost(Duration.ofSeconds(10)).until(context.getBean(TieredCache.class)::isL2Available);
      assertThat(clients()).isGreaterThan(before);
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> clients() == before);
  }

  /** The clients connected to the test's Redis, not counting the connection that asks. */
  private static long clients() {
    String list = (String) redis.command("CLIENT", "LIST");
    return list.lines().filter(l -> !l.isBlank()).count() - 1;
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnCache {
    @Bean(destroyMethod = "close")
    TieredCache ownCache() {
      return TieredCache.inMemory();
    }
  }
}
