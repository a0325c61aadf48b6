package io.cachegen.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.spring.boot.autoconfigure.fixtures.Catalog;
import io.cachegen.spring.boot.autoconfigure.fixtures.scanned.ScanConfiguration;
import io.cachegen.testing.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health contributor never reports the application down because of Redis; the meters are bound. */
class HealthAndMetricsTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          CachegenAutoConfiguration.class, CachegenHealthContributorAutoConfiguration.class,
          CachegenMetricsAutoConfiguration.class));

  @Test
  void health_isUp_withL2ConnectedInTheDetails() {
    runner.withPropertyValues("cachegen.url=" + redis.uri()).run(context -> {
      CachegenHealthIndicator indicator = context.getBean("cachegenHealthIndicator", CachegenHealthIndicator.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(indicator.health().getDetails().get("l2")));
      Health health = indicator.health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("l2InUse", true).containsEntry("pendingInvalidations", 0L);
      assertThat(health.getDetails().get("detail").toString()).contains("127.0.0.1:" + redis.port());
    });
  }

  @Test
  void health_staysUpWhileRedisIsDown_andTheDetailsSaySo() {
    runner.withPropertyValues("cachegen.url=" + redis.uri()).run(context -> {
      CachegenHealthIndicator indicator = context.getBean(CachegenHealthIndicator.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(indicator.health().getDetails().get("l2")));

      redis.server().kill();

      await().atMost(Duration.ofSeconds(10)).until(() -> !"UP".equals(indicator.health().getDetails().get("l2")));
      Health health = indicator.health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("l2InUse", false);
    });
  }

  @Test
  void health_ofAnL1OnlyCache_isUp_withL2Disabled() {
    runner.run(context -> {
      Health health = context.getBean(CachegenHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("l2", "DISABLED").containsEntry("l2InUse", false);
    });
  }

  @Test
  void healthIndicator_canBeTurnedOff() {
    runner.withPropertyValues("management.health.cachegen.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(CachegenHealthIndicator.class));
  }

  @Test
  void meters_areBoundToTheApplicationsRegistry_andCountWhatTheDecoratorsDo() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .withUserConfiguration(ScanConfiguration.class)
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          Catalog catalog = context.getBean(Catalog.class);
          catalog.title(1);
          catalog.title(1);
          catalog.title(1);

          assertThat(registry.get("cache.gets").tags("cache", "cachegen", "tier", "l1", "result", "hit")
                  .functionCounter().count())
              .isEqualTo(2);
          assertThat(registry.get("cache.gets").tags("cache", "cachegen", "tier", "l1", "result", "miss")
                  .functionCounter().count())
              .isEqualTo(1);
          assertThat(registry.get("cache.size").tags("cache", "cachegen").gauge().value()).isEqualTo(1);
          assertThat(registry.find("cache.errors").tags("cache", "cachegen", "tier", "l2").functionCounter()).isNotNull();
        });
  }

  @Test
  void withoutAMeterRegistry_nothingFails() {
    runner.withUserConfiguration(ScanConfiguration.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MeterRegistry.class));
  }
}
