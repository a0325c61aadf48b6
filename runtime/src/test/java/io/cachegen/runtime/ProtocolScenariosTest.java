package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.runtime.internal.CachedMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Single scenarios of the freshness protocol on the simulated Redis, each set up to hit one rule of
 * {@code docs/freshness-protocol.md} at its worst moment. Deterministic: no threads, no sleeps.
 */
class ProtocolScenariosTest {
  private static final TypeRef<String> TEXT = TypeRef.of(String.class);
  private static final CachedMethod<String> ITEM = CachedMethod.of("Items.item", "item:", TEXT, Duration.ofMinutes(1));
  private static final SimInstance.SimConfig CONFIG =
      new SimInstance.SimConfig(Duration.ofSeconds(1), Duration.ofMillis(3000), Duration.ofSeconds(2), false);

  private final SimWorld world = new SimWorld(42, 200);
  private final SimRedis redis = new SimRedis(world);

  private List<SimInstance> instances(int n) {
    List<SimInstance> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new SimInstance("i" + i, world, redis, CONFIG));
    }
    settle();
    return list;
  }

  private void settle() {
    world.runUntil(world.now() + SimWorld.ms(600));
  }

  /** A loader that answers {@code value} after {@code millis}, counting its calls. */
  private CompletableFuture<String> load(SimInstance on, AtomicInteger calls, String value, double millis) {
    calls.incrementAndGet();
    CompletableFuture<String> f = new CompletableFuture<>();
    world.after(SimWorld.ms(millis), () -> on.post(() -> f.complete(value)));
    return f;
  }

  private CompletableFuture<String> get(SimInstance on, String key, AtomicInteger calls, String value, double millis) {
    return on.core.reads.getAsync(Spec.of(ITEM), key, () -> load(on, calls, value, millis));
  }

  @Test
  void manyInstancesMissingOneColdKeyLoadItOnce() {
    List<SimInstance> four = instances(4);
    AtomicInteger loads = new AtomicInteger();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      SimInstance on = four.get(i % 4);
      world.after(world.millis(0, 2), () -> on.post(() -> results.add(get(on, "item:cold", loads, "v1", 20))));
    }
    settle();
    assertThat(results).hasSize(64).allSatisfy(r -> assertThat(r).isCompletedWithValue("v1"));
    assertThat(loads).hasValue(1);
  }

  @Test
  void aWriteDoesNotWaitForAStalledPeer() {
    List<SimInstance> two = instances(2);
    two.get(1).stall(SimWorld.ms(10_000));
    CompletableFuture<Void> write = two.get(0).core.writes.invalidateAsync(List.of("item:1"), List.of());
    world.runUntil(world.now() + SimWorld.ms(2)); // one round trip on the simulated loopback is under 1 ms
    assertThat(write).as("done within one round trip, the peer still stalled").isCompleted();
    assertThat(two.get(1).stalled()).isTrue();
    assertThat(two.get(0).core.pending.isEmpty()).isTrue();
  }

  @Test
  void aForgedFlushMessageDropsNothing() {
    List<SimInstance> two = instances(2);
    AtomicInteger loads = new AtomicInteger();
    SimInstance b = two.get(1);
    b.post(() -> get(b, "item:1", loads, "v1", 1));
    settle();
    redis.publish(b.core.settings.invalidationChannel(),
        "{\"v\":1,\"s\":\"attacker\",\"k\":[],\"g\":[\"\"]}".getBytes(StandardCharsets.UTF_8));
    settle();
    assertThat(b.core.reads.peek(ITEM, "item:1")).isEqualTo("v1");
    assertThat(b.cache.stats().malformedMessages()).isEqualTo(1);
  }

  @Test
  void aRealFlushFromAnotherInstanceDropsEverything() {
    List<SimInstance> two = instances(2);
    AtomicInteger loads = new AtomicInteger();
    SimInstance b = two.get(1);
    b.post(() -> get(b, "item:1", loads, "v1", 1));
    settle();
    two.get(0).post(() -> two.get(0).core.writes.invalidateAsync(List.of(), List.of("")));
    settle();
    assertThat(b.core.reads.peek(ITEM, "item:1")).isNull();
  }

  @Test
  void malformedMessagesAreCountedAndIgnored() {
    List<SimInstance> two = instances(2);
    SimInstance b = two.get(1);
    for (int i = 0; i < 5000; i++) {
      redis.publish(b.core.settings.invalidationChannel(), ("garbage " + i).getBytes(StandardCharsets.UTF_8));
    }
    settle();
    assertThat(b.cache.stats().malformedMessages()).isEqualTo(5000);
    assertThat(b.cache.health().state()).isEqualTo(L2State.UP);
  }

  @Test
  void whileAFlushMessageIsCheckedL1EntriesAreNotServed_andAForgedOneRestoresThem() {
    List<SimInstance> two = instances(2);
    AtomicInteger loads = new AtomicInteger();
    SimInstance b = two.get(1);
    b.post(() -> get(b, "item:1", loads, "v1", 1));
    settle();
    b.l2.commands.extraLatency = SimWorld.ms(50); // the check's read is slow
    redis.publish(b.core.settings.invalidationChannel(),
        "{\"v\":1,\"s\":\"attacker\",\"k\":[],\"g\":[\"\"]}".getBytes(StandardCharsets.UTF_8));
    world.runUntil(world.now() + SimWorld.ms(5));
    assertThat(b.core.reads.peek(ITEM, "item:1")).as("not served while the message is checked").isNull();
    settle();
    assertThat(b.core.reads.peek(ITEM, "item:1")).as("served again: the message was forged").isEqualTo("v1");
  }

  @Test
  void aForgedAndARealFlushCheckedTogetherDropTheEntries() {
    List<SimInstance> two = instances(2);
    AtomicInteger loads = new AtomicInteger();
    SimInstance a = two.get(0);
    SimInstance b = two.get(1);
    b.post(() -> get(b, "item:1", loads, "v1", 1));
    settle();
    b.l2.commands.extraLatency = SimWorld.ms(50);
    redis.publish(b.core.settings.invalidationChannel(),
        "{\"v\":1,\"s\":\"attacker\",\"k\":[],\"g\":[\"\"]}".getBytes(StandardCharsets.UTF_8));
    a.post(() -> a.core.writes.invalidateAsync(List.of(), List.of("")));
    settle();
    assertThat(b.core.reads.peek(ITEM, "item:1")).as("the real flush wins whatever the order of the checks").isNull();
  }

  @Test
  void aHungRedisOpensTheBreakerWithinTheBound_soNewRequestsDoNotWaitForALongCommandTimeout() {
    SimInstance.SimConfig slowTimeout =
        new SimInstance.SimConfig(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(2), false);
    SimInstance a = new SimInstance("a", world, redis, slowTimeout);
    settle();
    assertThat(a.cache.health().state()).isEqualTo(L2State.UP);
    redis.hang();
    world.runUntil(world.now() + SimWorld.ms(1600)); // the bound, plus a heartbeat interval
    assertThat(a.cache.health().state()).isEqualTo(L2State.BREAKER_OPEN);
    AtomicInteger loads = new AtomicInteger();
    CompletableFuture<String> read = get(a, "item:9", loads, "v", 1);
    world.runUntil(world.now() + SimWorld.ms(5));
    assertThat(read).as("served by the loader at once, not after the 60 s timeout").isCompletedWithValue("v");
    redis.resume();
    settle();
    settle();
    assertThat(a.cache.health().state()).isEqualTo(L2State.UP);
  }
}
