package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.processor.fixtures.FakeInventory;
import io.cachegen.processor.fixtures.InventoryApi;
import io.cachegen.runtime.TieredCache;
import io.cachegen.testing.RedisServerExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link InventoryBehaviour} against a cache with a real redis-server as L2, and what only L2 shows: values
 * one instance loaded are decoded by another with their exact types, and every kind of invalidation
 * removes its keys from Redis, and only those.
 */
class InventoryRedisBehaviourTest extends InventoryBehaviour {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @Override
  TieredCache newCache() {
    return TieredCache.builder().redisUri(redis.uri()).build();
  }

  private static void awaitInRedis(String key) {
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.command("EXISTS", key), n -> Long.valueOf(1).equals(n));
  }

  /**
   * Whether another instance would find a current value under {@code key} in Redis: a fresh cache on the
   * same Redis, with nothing in its L1. (A removed group's values stay in Redis until they expire, stamped
   * with the group's old token: misses for every instance.)
   */
  private static boolean inRedis(String key) {
    try (io.cachegen.runtime.TieredCache probe = io.cachegen.runtime.TieredCache.builder().redisUri(redis.uri()).build()) {
      return probe.exists(key);
    }
  }

  @Test
  void valuesLoadedByOneInstance_areDecodedWithTheirExactTypesByAnother() throws Exception {
    fake.restock("a", "w1", 7);
    fake.setPrice("x", new BigDecimal("9.50"));
    inventory.stock("a", "w1");
    inventory.price("x");
    inventory.price("none");
    inventory.byGrade(':', null);
    inventory.label("a").toCompletableFuture().get(5, TimeUnit.SECONDS);
    inventory.totalStock();
    for (String key : new String[] {"stock:a:w1", "price:x", "price:none", "grade:%3A:%00", "label:a", "totals"}) {
      awaitInRedis(key);
    }

    FakeInventory otherFake = new FakeInventory();
    try (TieredCache otherCache = newCache()) {
      InventoryApi other = decorate(otherFake, otherCache);

      assertThat(other.stock("a", "w1")).isEqualTo(7);
      assertThat(other.price("x")).contains(new BigDecimal("9.50"));
      assertThat(other.price("none")).as("a cached empty Optional").isEmpty();
      assertThat(other.byGrade(':', null)).isEqualTo(":/null");
      assertThat(other.label("a").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("label of a");
      assertThat(other.totalStock()).isEqualTo(7L);
    }
    assertThat(otherFake.calls("stock") + otherFake.calls("price") + otherFake.calls("byGrade")
        + otherFake.calls("label") + otherFake.calls("totalStock")).isZero();
  }

  @Test
  void everyKindOfInvalidation_makesItsKeysMissesForEveryInstance_andOnlyThose() throws Exception {
    inventory.stock("a", "w1");
    inventory.stock("a", "w2");
    inventory.stock("ab", "w1");
    inventory.stock("b", "w1");
    inventory.byGrade('a', null);
    inventory.totalStock();
    inventory.price("x");
    inventory.banner("en");
    for (String key : new String[] {
        "stock:a:w1", "stock:a:w2", "stock:ab:w1", "stock:b:w1", "grade:a:%00", "totals", "price:x", "banner:en"}) {
      awaitInRedis(key);
    }

    inventory.restock("b", "w1", 1);
    assertThat(inRedis("stock:b:w1")).as("one key").isFalse();

    inventory.discontinue("a");
    assertThat(inRedis("stock:a:w1")).as("a key of the group").isFalse();
    assertThat(inRedis("stock:a:w2")).as("a key of the group").isFalse();
    assertThat(inRedis("stock:ab:w1")).as("a key that only starts like the group").isTrue();

    inventory.regrade();
    assertThat(inRedis("grade:a:%00")).as("the prefix group \"grade:\"").isFalse();

    inventory.recount();
    assertThat(inRedis("totals")).as("the group of the whole prefix \"totals\"").isFalse();

    inventory.reprice("x").get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> !inRedis("price:x"));
    assertThat(inRedis("stock:ab:w1")).isTrue();
    assertThat(inRedis("banner:en")).as("no invalidation names it").isTrue();
  }
}
