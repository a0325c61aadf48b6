package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Memory stays bounded whatever Redis holds or the loader returns, checked in a child JVM with a 128 MB
 * heap ({@link HugeValuesMain}): values over {@code maxValueBytes} planted in Redis (valid JSON, and valid
 * envelopes of the right type and stamps) are removed unread and are misses; L1 is bounded by bytes.
 */
class TieredCacheHugeValuesTest {
  private static final int MB = 1 << 20;
  private static final int PLANTED = 12;
  private static final List<String> SMALL_HEAP = List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError");

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  /**
   * Plants {@code key} as a JSON string of about {@code megabytes} MB, bare or in a value envelope of
   * {@code String} stamped with the current (absent) group tokens, so that only its size makes it a miss.
   * Written in 1 MB pieces, so that this JVM never holds the whole value.
   */
  private static void plant(RedisCommands<byte[], byte[]> redis, String key, int megabytes, boolean enveloped) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] quote = {'"'};
    byte[] start = enveloped
        ? Envelope.value(TypeRef.of(String.class).fingerprint(), false, Groups.boundaries(key, null),
            new long[Groups.boundaries(key, null).length], quote)
        : quote;
    redis.set(k, start);
    byte[] piece = new byte[MB];
    Arrays.fill(piece, (byte) 'a');
    for (int i = 0; i < megabytes; i++) {
      redis.append(k, piece);
    }
    redis.append(k, quote);
  }

  @Test
  void twelveFiftyMegabyteValuesInRedis_areMissesRemovedUnread_andA128MegabyteHeapStaysHealthy() throws Exception {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
      for (int i = 0; i < PLANTED; i++) {
        plant(connection.sync(), "huge:" + i, 50, i % 2 == 1);
      }
    } finally {
      client.shutdown();
    }
    assertThat((Long) redis.command("STRLEN", "huge:11")).isGreaterThan(50L * MB);

    ChildJvm.Outcome child = ChildJvm.run(HugeValuesMain.class, SMALL_HEAP,
        List.of("planted", Integer.toString(redis.port()), Integer.toString(PLANTED)), 300);

    assertThat(child.output()).doesNotContain("OutOfMemoryError").doesNotContain("threw");
    assertThat(child.exitCode()).isZero();
    assertThat(child.lines("RESULT read")).hasSize(PLANTED).allSatisfy(line -> assertThat(line)
        .matches(".*: (null|false|small huge:\\d+)$"));
    assertThat(child.lines("RESULT stats")).containsExactly("RESULT stats decodeFailures=12 l2Hits=0 loads=5 l2Errors=0");
    assertThat(child.lines("RESULT after")).containsExactly("RESULT after still works health=UP");
    for (int i = 0; i < PLANTED; i++) {
      long length = (Long) redis.command("STRLEN", "huge:" + i);
      assertThat(length).as("huge:" + i + " is removed, or replaced by the small loaded value").isLessThan(1000);
    }
  }

  @Test
  void l1IsBoundedByBytes_soLargeLoadedValuesKeepA128MegabyteHeapBounded() throws Exception {
    ChildJvm.Outcome child = ChildJvm.run(HugeValuesMain.class, SMALL_HEAP,
        List.of("weights", Integer.toString(redis.port()), "40", Integer.toString(5 * MB)), 300);

    assertThat(child.output()).doesNotContain("OutOfMemoryError").doesNotContain("threw");
    assertThat(child.exitCode()).isZero();
    String loading = child.lines("RESULT loading").get(0);
    assertThat(loading).startsWith("RESULT loading loads=40 ");
    assertThat(number(loading, "evictions")).isGreaterThanOrEqualTo(33);
    assertThat(number(loading, "l1Size")).isLessThanOrEqualTo(7);
    String reading = child.lines("RESULT reading").get(0);
    // The first instance's last fill may still be on its way when it closes: then that one value is loaded.
    assertThat(number(reading, "l2Hits")).isGreaterThanOrEqualTo(39);
    assertThat(number(reading, "l2Hits") + number(reading, "loads")).isEqualTo(40);
    assertThat(number(reading, "evictions")).isGreaterThanOrEqualTo(33);
    assertThat(number(reading, "l1Size")).isLessThanOrEqualTo(7);
  }

  private static long number(String line, String name) {
    for (String part : line.split(" ")) {
      if (part.startsWith(name + "=")) {
        return Long.parseLong(part.substring(name.length() + 1));
      }
    }
    throw new AssertionError(name + " not in " + line);
  }
}
