package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class L1CacheTest {
  private final FakeTicker ticker = new FakeTicker();

  private L1Cache<String, String> cache(long size, Duration ttl) {
    return L1Cache.<String, String>builder().maximumSize(size).ttl(ttl).ticker(ticker).executor(Runnable::run).build();
  }

  @Test
  void defaultsAreTenThousandEntriesAndFiveMinutes() {
    assertThat(L1Cache.DEFAULT_MAXIMUM_SIZE).isEqualTo(10_000);
    assertThat(L1Cache.DEFAULT_TTL).isEqualTo(Duration.ofMinutes(5));
    L1Cache<String, String> cache = L1Cache.<String, String>builder().ticker(ticker).executor(Runnable::run).build();
    cache.set("k", "v");
    ticker.advance(Duration.ofMinutes(5).minusNanos(1));
    assertThat(cache.get("k")).isEqualTo("v");
    ticker.advance(Duration.ofNanos(1));
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void entryWithShorterTtlThanTheCacheExpiresAtItsOwnTtl() {
    L1Cache<String, String> cache = cache(100, Duration.ofMinutes(5));
    cache.set("short", "v", Duration.ofSeconds(30));
    ticker.advance(Duration.ofSeconds(29));
    assertThat(cache.has("short")).isTrue();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(cache.has("short")).isFalse();
    assertThat(cache.get("short")).isNull();
  }

  @Test
  void entryWithLongerTtlThanTheCacheExpiresAtTheCacheTtl() {
    L1Cache<String, String> cache = cache(100, Duration.ofMinutes(5));
    cache.set("long", "v", Duration.ofHours(24));
    ticker.advance(Duration.ofMinutes(5));
    assertThat(cache.get("long")).isNull();
  }

  @Test
  void readsDoNotExtendAnEntrysLife() {
    L1Cache<String, String> cache = cache(100, Duration.ofMinutes(5));
    cache.set("k", "v", Duration.ofSeconds(10));
    for (int i = 0; i < 9; i++) {
      ticker.advance(Duration.ofSeconds(1));
      assertThat(cache.get("k")).isEqualTo("v");
    }
    ticker.advance(Duration.ofSeconds(1));
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void overwritingAnEntryRestartsItsTtl() {
    L1Cache<String, String> cache = cache(100, Duration.ofMinutes(5));
    cache.set("k", "v1", Duration.ofSeconds(10));
    ticker.advance(Duration.ofSeconds(8));
    cache.set("k", "v2", Duration.ofSeconds(10));
    ticker.advance(Duration.ofSeconds(8));
    assertThat(cache.get("k")).isEqualTo("v2");
  }

  @Test
  void sizeBoundEvictsAndReportsEachEviction() {
    AtomicInteger evicted = new AtomicInteger();
    L1Cache<String, String> cache =
        L1Cache.<String, String>builder().maximumSize(100).ticker(ticker).executor(Runnable::run)
            .evictionListener((k, cause) -> evicted.incrementAndGet()).build();
    for (int i = 0; i < 1_000; i++) {
      cache.set("k" + i, "v");
    }
    cache.cleanUp();
    assertThat(cache.size()).isLessThanOrEqualTo(100);
    assertThat(evicted.get()).isEqualTo(1_000 - (int) cache.size());
  }

  @Test
  void frequentlyReadEntriesSurviveAScanOfOneTimeEntries() {
    L1Cache<String, String> cache = cache(100, Duration.ofMinutes(5));
    for (int i = 0; i < 50; i++) {
      cache.set("hot" + i, "v");
    }
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 50; i++) {
        cache.get("hot" + i);
      }
    }
    for (int i = 0; i < 5_000; i++) {
      cache.set("scan" + i, "v");
    }
    cache.cleanUp();
    int hotLeft = 0;
    for (int i = 0; i < 50; i++) {
      hotLeft += cache.has("hot" + i) ? 1 : 0;
    }
    assertThat(hotLeft).as("W-TinyLFU keeps the frequently used entries").isGreaterThanOrEqualTo(45);
  }

  @Test
  void deleteClearHasAndSize() {
    L1Cache<String, String> cache = cache(100, Duration.ofMinutes(5));
    cache.set("a", "1");
    cache.set("b", "2");
    assertThat(cache.size()).isEqualTo(2);
    cache.delete("a");
    assertThat(cache.has("a")).isFalse();
    assertThat(cache.has("b")).isTrue();
    cache.clear();
    assertThat(cache.size()).isZero();
    cache.close();
  }

  @Test
  void nonPositiveTtlIsRejectedWithTheValue() {
    L1Cache<String, String> cache = cache(100, Duration.ofMinutes(5));
    assertThatThrownBy(() -> cache.set("k", "v", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> L1Cache.builder().ttl(Duration.ofSeconds(-1))).hasMessageContaining("ttl must be positive");
    assertThatThrownBy(() -> L1Cache.builder().maximumSize(-1)).hasMessageContaining("maximumSize");
  }
}
