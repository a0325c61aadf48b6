package io.cachegen.runtime.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.runtime.TieredCache;
import io.cachegen.runtime.TypeRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TieredCacheMetricsTest {
  private static final TypeRef<String> TEXT = TypeRef.of(String.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void metersFollowMicrometersCacheNamesWithATierTag() {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (TieredCache cache = TieredCacheMetrics.monitor(registry, TieredCache.inMemory(), "media", "app", "demo")) {
      cache.cacheAside("a", MINUTE, TEXT, () -> "1");
      cache.cacheAside("a", MINUTE, TEXT, () -> "1");
      cache.cacheAside("a", MINUTE, TEXT, () -> "1");
      try {
        cache.cacheAside("b", MINUTE, TEXT, () -> {
          throw new IllegalStateException();
        });
      } catch (IllegalStateException expected) {
        // counted as a load failure
      }

      assertThat(registry.get("cache.gets").tags("cache", "media", "tier", "l1", "result", "hit").functionCounter().count())
          .isEqualTo(2);
      assertThat(registry.get("cache.gets").tags("tier", "l1", "result", "miss").functionCounter().count()).isEqualTo(2);
      assertThat(registry.get("cache.load").tags("result", "success").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("cache.load").tags("result", "failure").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("cache.size").tags("tier", "l1", "app", "demo").gauge().value()).isEqualTo(1);
      assertThat(registry.get("cache.gets").tags("tier", "l2", "result", "hit").functionCounter().count()).isZero();
      assertThat(registry.get("cache.errors").tags("tier", "l2").functionCounter().count()).isZero();
      assertThat(registry.get("cache.evictions").functionCounter().count()).isZero();
    }
  }
}
