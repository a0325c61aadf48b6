package io.cachegen.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What another Redis client can do by publishing on the invalidation channel, as a user of
 * {@link TieredCache} sees it: malformed messages are counted and logged at most once per 30 s, a forged
 * "flush everything" does not empty L1 (a real one does), a message over 1 MiB is ignored, and with a
 * channel secret only signed messages count.
 */
class TieredCacheChannelMessagesTest {
  private static final String CHANNEL = "{cachegen}:invalidations";
  private static final String SECRET = "a secret every instance shares";
  private static final TypeRef<String> TEXT = TypeRef.of(String.class);
  private static final Duration TTL = Duration.ofMinutes(5);

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final List<TieredCache> caches = new ArrayList<>();

  @AfterEach
  void close() {
    caches.forEach(TieredCache::close);
  }

  private TieredCache cache(String secret) {
    TieredCache.Builder builder = TieredCache.builder().redisUri(redis.uri());
    if (secret != null) {
      builder.channelSecret(secret);
    }
    TieredCache cache = builder.build();
    caches.add(cache);
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.health().state() == L2State.UP);
    return cache;
  }

  /** Publishes as another Redis client would: not through any cache. */
  private static void publish(String message) {
    assertThat(redis.command("PUBLISH", CHANNEL, message)).isNotEqualTo(0L);
  }

  /** Reads {@code key} through {@code cache}, counting the loader's calls in {@code loads}. */
  private static String read(TieredCache cache, String key, String value, AtomicInteger loads) {
    return cache.cacheAside(key, TTL, TEXT, () -> {
      loads.incrementAndGet();
      return value;
    });
  }

  @Test
  void fiveThousandMalformedMessages_areCounted_loggedOnce_andTheCacheKeepsWorking() {
    TieredCache a = cache(null);
    TieredCache b = cache(null);
    String[] malformed = {
        "not json", "{}", "[]", "{\"v\":2,\"s\":\"x\",\"k\":[\"movie:1\"]}", "{\"v\":1,\"s\":\"\",\"k\":[\"movie:1\"]}",
        "{\"v\":1,\"s\":\"x\",\"k\":[1]}", "{\"v\":1,\"s\":\"x\",\"k\":\"movie:1\"}", "{\"v\":1,\"s\":\"x\",\"k\":[],\"g\":[]}",
        "{\"v\":1,\"s\":\"x\",\"k\":[\"movie:1\"],\"era\":\"yes\"}", "{\"v\":1,\"s\":\"x\",\"k\":[\"movie:1\"]"};
    try (LogCapture log = LogCapture.start()) {
      List<List<String>> commands = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        commands.add(List.of("PUBLISH", CHANNEL, malformed[i % malformed.length]));
      }
      @SuppressWarnings("unchecked")
      List<String>[] pipeline = commands.toArray(List[]::new);
      redis.server().pipeline(pipeline);
      await().atMost(Duration.ofSeconds(20))
          .until(() -> a.stats().malformedMessages() == 5000 && b.stats().malformedMessages() == 5000);

      List<String> warnings = log.logged("WARN", "Ignoring a message");
      log.out().println("FIGURE: 5,000 malformed messages on " + CHANNEL + " received by 2 instances: "
          + log.logged("WARN", "").size() + " WARN lines in all (one per instance), malformedMessages = "
          + b.stats().malformedMessages() + " on each");
      assertThat(warnings).hasSize(2); // one per instance
      assertThat(log.logged("WARN", "")).hasSize(2);
    }

    // Both still work, invalidations included.
    AtomicInteger loads = new AtomicInteger();
    assertThat(read(b, "movie:1", "one", loads)).isEqualTo("one");
    assertThat(read(b, "movie:1", "one", loads)).isEqualTo("one");
    assertThat(loads).hasValue(1);
    a.delete("movie:1");
    await().atMost(Duration.ofSeconds(5)).until(() -> "two".equals(read(b, "movie:1", "two", loads)));
    assertThat(a.health().state()).isEqualTo(L2State.UP);
    assertThat(b.health().state()).isEqualTo(L2State.UP);
  }

  @Test
  void aForgedFlushOfEverything_doesNotEmptyL1_butARealInvalidatePrefixOfEverythingDoes() {
    TieredCache a = cache(null);
    TieredCache b = cache(null);
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 10; i++) {
      read(b, "movie:" + i, "v" + i, loads);
    }
    assertThat(loads).hasValue(10);

    publish("{\"v\":1,\"s\":\"attacker\",\"k\":[],\"g\":[\"\"]}");
    await().atMost(Duration.ofSeconds(5)).until(() -> b.stats().malformedMessages() == 1);
    long l1Hits = b.stats().l1Hits();
    for (int i = 0; i < 10; i++) {
      assertThat(read(b, "movie:" + i, "reloaded", loads)).isEqualTo("v" + i);
    }
    assertThat(loads).as("L1 kept every entry").hasValue(10);
    assertThat(b.stats().l1Hits()).isEqualTo(l1Hits + 10);

    a.invalidatePrefix("");
    await().atMost(Duration.ofSeconds(5)).until(() -> "reloaded".equals(read(b, "movie:0", "reloaded", loads)));
    for (int i = 1; i < 10; i++) {
      assertThat(read(b, "movie:" + i, "reloaded", loads)).isEqualTo("reloaded");
    }
    assertThat(b.stats().malformedMessages()).isEqualTo(1);
  }

  /** Whether reading {@code key} through {@code cache} is an L1 hit (else it was dropped from L1). */
  private static boolean servedFromL1(TieredCache cache, String key) {
    long l1Hits = cache.stats().l1Hits();
    cache.cacheAside(key, TTL, TEXT, () -> "loaded");
    return cache.stats().l1Hits() == l1Hits + 1;
  }

  @Test
  void aMessageOverOneMebibyte_isIgnored_whileTheSameMessageSmallerIsApplied() {
    TieredCache b = cache(null);
    AtomicInteger loads = new AtomicInteger();
    read(b, "movie:1", "one", loads);
    String padding = "movie:x" + "y".repeat(BusCodec.MAX_MESSAGE_BYTES);
    publish("{\"v\":1,\"s\":\"another\",\"k\":[\"movie:1\",\"" + padding + "\"]}");
    await().atMost(Duration.ofSeconds(5)).until(() -> b.stats().malformedMessages() == 1);
    assertThat(servedFromL1(b, "movie:1")).isTrue();

    publish("{\"v\":1,\"s\":\"another\",\"k\":[\"movie:1\",\"movie:x\"]}");
    await().atMost(Duration.ofSeconds(5)).until(() -> !servedFromL1(b, "movie:1"));
    assertThat(b.stats().malformedMessages()).isEqualTo(1);
  }

  @Test
  void withoutASecret_anyClientThatMayPublish_canDropAKeyFromL1_butNotFromRedis() {
    // The trust boundary the README states: who can publish on the channel can evict (never poison).
    TieredCache b = cache(null);
    AtomicInteger loads = new AtomicInteger();
    read(b, "movie:1", "one", loads);
    await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(1).equals(redis.command("EXISTS", "movie:1")));
    publish("{\"v\":1,\"s\":\"another\",\"k\":[\"movie:1\"]}");
    await().atMost(Duration.ofSeconds(5)).until(() -> !servedFromL1(b, "movie:1"));
    assertThat(read(b, "movie:1", "reloaded", loads)).isEqualTo("one");
    assertThat(loads).hasValue(1);
    assertThat(b.stats().l2Hits()).isEqualTo(1);
    assertThat(b.stats().malformedMessages()).isZero();
  }

  @Test
  void withAChannelSecret_invalidationsWork_andUnsignedOrWronglySignedMessagesAreIgnoredAndCounted() {
    TieredCache a = cache(SECRET);
    TieredCache b = cache(SECRET);
    AtomicInteger loads = new AtomicInteger();
    read(b, "movie:1", "one", loads);
    read(b, "series:1", "first", loads);
    assertThat(loads).hasValue(2);

    BusCodec wrongSecret = new BusCodec("not the shared secret".getBytes(UTF_8));
    BusCodec noSecret = new BusCodec(null);
    BusMessage forgedKey = new BusMessage("attacker", List.of("movie:1"), List.of(), false);
    BusMessage forgedGroup = new BusMessage("attacker", List.of(), List.of("series:"), false);
    BusMessage forgedFlush = new BusMessage("attacker", List.of(), List.of(""), false);
    try (LogCapture log = LogCapture.start()) {
      for (BusMessage forged : List.of(forgedKey, forgedGroup, forgedFlush)) {
        publish(new String(noSecret.encode(forged), UTF_8));
        publish(new String(wrongSecret.encode(forged), UTF_8));
      }
      // A signed message whose body was changed on the way.
      String signed = new String(new BusCodec(SECRET.getBytes(UTF_8)).encode(
          new BusMessage("attacker", List.of("movie:2"), List.of(), false)), UTF_8);
      publish(signed.replace("movie:2", "movie:1"));
      await().atMost(Duration.ofSeconds(5))
          .until(() -> a.stats().malformedMessages() == 7 && b.stats().malformedMessages() == 7);
      assertThat(log.logged("WARN", "Ignoring a message")).hasSize(2); // one per instance
    }
    assertThat(servedFromL1(b, "movie:1")).isTrue();
    assertThat(servedFromL1(b, "series:1")).isTrue();
    assertThat(loads).hasValue(2);

    // The instances' own messages are signed with the secret and work.
    a.delete("movie:1");
    await().atMost(Duration.ofSeconds(5)).until(() -> "two".equals(read(b, "movie:1", "two", loads)));
    a.invalidatePrefix("series:");
    await().atMost(Duration.ofSeconds(5)).until(() -> "second".equals(read(b, "series:1", "second", loads)));
    assertThat(b.stats().malformedMessages()).isEqualTo(7);
    assertThat(a.stats().malformedMessages()).isEqualTo(7);
    assertThat(b.health().state()).as("heartbeats are signed too").isEqualTo(L2State.UP);
  }
}
