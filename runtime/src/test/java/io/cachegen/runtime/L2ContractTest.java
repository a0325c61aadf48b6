package io.cachegen.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachegen.runtime.L2.Failure;
import io.cachegen.runtime.L2.ReadReply;
import io.cachegen.runtime.L2.ReadRequest;
import io.cachegen.runtime.L2.Result;
import io.cachegen.runtime.L2.TokenSet;
import io.cachegen.runtime.L2.ValueSet;
import io.cachegen.runtime.L2.WriteReply;
import io.cachegen.runtime.L2.WriteRequest;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link L2} keeps, whatever is behind it: a subclass says how to make an L2 and how to
 * reach its Redis ({@link RedisControl}), and inherits every scenario. Nothing here assumes timing other
 * than "eventually" (Awaitility) and the reconnection bound {@link #reconnectBound()}.
 */
abstract class L2ContractTest {
  /** The namespace the L2s of {@link #newL2} use. */
  static final String NS = "cachegen";
  static final String INVALIDATIONS = "{" + NS + "}:invalidations";

  private final List<L2> opened = new CopyOnWriteArrayList<>();

  /** The Redis behind the L2s of this test class. */
  protected abstract RedisControl redis();

  /** A new, not yet started L2 on {@link #redis()}, namespace {@link #NS}, with a short command timeout (about 1 s). */
  protected abstract L2 newL2(String instanceId);

  /** How soon after Redis is back the L2 must be connected again. */
  protected Duration reconnectBound() {
    return Duration.ofSeconds(1);
  }

  /** How long the scenarios wait for something that must happen. */
  protected Duration patience() {
    return Duration.ofSeconds(20);
  }

  @BeforeEach
  void cleanRedis() {
    redis().flushAll();
  }

  @AfterEach
  void closeL2s() {
    opened.forEach(L2::close);
    opened.clear();
  }

  /** An L2 that is connected and subscribed. */
  protected Started started(String instanceId) {
    L2 l2 = newL2(instanceId);
    opened.add(l2);
    RecordingListener listener = new RecordingListener();
    l2.start(listener);
    await().atMost(patience()).until(() -> listener.count("subscribed") > 0 && l2.isConnected());
    assertThat(listener.events).startsWith("connected");
    return new Started(l2, listener);
  }

  record Started(L2 l2, RecordingListener listener) {}

  static <T> T join(CompletableFuture<T> future) {
    return future.orTimeout(30, TimeUnit.SECONDS).join();
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static ReadRequest read(String key, byte[] lease, byte[] deadDigest, String... tokenKeys) {
    return new ReadRequest(key, 1000, lease, 60_000, deadDigest, List.of(tokenKeys));
  }

  static byte[] sha1(byte[] value) throws Exception {
    return MessageDigest.getInstance("SHA-1").digest(value);
  }

  // ---------------------------------------------------------------------------------------------
  // READ

  @Test
  void readOfAnAbsentKeyWithoutLease_isEmpty_andSetsNothing() {
    L2 l2 = started("a").l2();
    ReadReply reply = join(l2.read(read("movie:1", null, null)));
    assertThat(reply.kind()).isEqualTo(ReadReply.Kind.EMPTY);
    assertThat(reply.removed()).isEqualTo(ReadReply.Removed.NOTHING);
    assertThat(redis().get("movie:1")).isNull();
  }

  @Test
  void readOfAnAbsentKeyWithLease_grantsTheLease_forLeaseMillis() {
    L2 l2 = started("a").l2();
    ReadReply reply = join(l2.read(new ReadRequest("movie:1", 1000, bytes("lease-1"), 5000, null, List.of())));
    assertThat(reply.kind()).isEqualTo(ReadReply.Kind.GRANTED);
    assertThat(redis().get("movie:1")).isEqualTo(bytes("lease-1"));
    assertThat(redis().pttl("movie:1")).isBetween(1L, 5000L);
  }

  @Test
  void aLeaseHeldByAnother_isFoundAsTheKeysValue() {
    L2 l2 = started("a").l2();
    join(l2.read(read("movie:1", bytes("lease-1"), null)));
    ReadReply reply = join(l2.read(read("movie:1", bytes("lease-2"), null)));
    assertThat(reply.kind()).isEqualTo(ReadReply.Kind.VALUE);
    assertThat(reply.value()).isEqualTo(bytes("lease-1"));
    assertThat(redis().get("movie:1")).isEqualTo(bytes("lease-1"));
  }

  @Test
  void aPresentValue_isReturnedWithItsPttl() {
    L2 l2 = started("a").l2();
    redis().set("movie:1", bytes("envelope"), 60_000);
    redis().set("movie:2", bytes("forever"), 0);
    ReadReply reply = join(l2.read(read("movie:1", bytes("lease"), null)));
    assertThat(reply.kind()).isEqualTo(ReadReply.Kind.VALUE);
    assertThat(reply.value()).isEqualTo(bytes("envelope"));
    assertThat(reply.pttlMillis()).isBetween(1L, 60_000L);
    assertThat(join(l2.read(read("movie:2", null, null))).pttlMillis()).isEqualTo(-1);
  }

  @Test
  void aValueWhoseSha1IsTheDeadDigest_countsAsAbsent() throws Exception {
    L2 l2 = started("a").l2();
    redis().set("movie:1", bytes("stale"), 60_000);
    ReadReply withoutLease = join(l2.read(read("movie:1", null, sha1(bytes("stale")))));
    assertThat(withoutLease.kind()).isEqualTo(ReadReply.Kind.EMPTY);
    assertThat(redis().get("movie:1")).isEqualTo(bytes("stale"));

    ReadReply withLease = join(l2.read(read("movie:1", bytes("lease"), sha1(bytes("stale")))));
    assertThat(withLease.kind()).isEqualTo(ReadReply.Kind.GRANTED);
    assertThat(redis().get("movie:1")).isEqualTo(bytes("lease"));

    ReadReply otherDigest = join(l2.read(read("movie:1", bytes("lease-2"), sha1(bytes("stale")))));
    assertThat(otherDigest.kind()).isEqualTo(ReadReply.Kind.VALUE);
    assertThat(otherDigest.value()).isEqualTo(bytes("lease"));
  }

  @Test
  void aKeyOfAnotherRedisType_isDeleted_andReportedAsWrongType() {
    L2 l2 = started("a").l2();
    redis().makeList("movie:1");
    ReadReply reply = join(l2.read(read("movie:1", null, null)));
    assertThat(reply.kind()).isEqualTo(ReadReply.Kind.EMPTY);
    assertThat(reply.removed()).isEqualTo(ReadReply.Removed.WRONG_TYPE);
    assertThat(redis().pttl("movie:1")).isEqualTo(-2);

    redis().makeList("movie:2");
    ReadReply leased = join(l2.read(read("movie:2", bytes("lease"), null)));
    assertThat(leased.kind()).isEqualTo(ReadReply.Kind.GRANTED);
    assertThat(leased.removed()).isEqualTo(ReadReply.Removed.WRONG_TYPE);
    assertThat(redis().get("movie:2")).isEqualTo(bytes("lease"));
  }

  @Test
  void aStringOverMaxValueBytes_isDeleted_andReportedAsOversized() {
    L2 l2 = started("a").l2();
    redis().set("movie:1", new byte[1001], 60_000);
    redis().set("movie:2", new byte[1000], 60_000);
    ReadReply over = join(l2.read(read("movie:1", null, null)));
    assertThat(over.kind()).isEqualTo(ReadReply.Kind.EMPTY);
    assertThat(over.removed()).isEqualTo(ReadReply.Removed.OVERSIZED);
    assertThat(redis().pttl("movie:1")).isEqualTo(-2);
    ReadReply atLimit = join(l2.read(read("movie:2", null, null)));
    assertThat(atLimit.kind()).isEqualTo(ReadReply.Kind.VALUE);
    assertThat(atLimit.value()).hasSize(1000);
  }

  @Test
  void tokensOfAbsentKeys_readAsZero_andWrittenTokensReadBack_inOrder() {
    L2 l2 = started("a").l2();
    WriteReply written = join(l2.write(new WriteRequest(List.of(),
        List.of(new TokenSet("{cachegen}:gen:movie:", 0x0102030405060708L, 60_000),
            new TokenSet("{cachegen}:gen:", -42L, 60_000)),
        null, null)));
    assertThat(written.tokens()).containsOnlyNulls();
    ReadReply reply = join(l2.read(read("movie:1", null, null,
        "{cachegen}:gen:", "{cachegen}:gen:absent:", "{cachegen}:gen:movie:")));
    assertThat(reply.tokens()).containsExactly(-42L, 0L, 0x0102030405060708L);
    assertThat(redis().pttl("{cachegen}:gen:movie:")).isBetween(1L, 60_000L);
  }

  // ---------------------------------------------------------------------------------------------
  // FILL and RELEASE

  @Test
  void fill_storesTheEnvelope_onlyWhileTheKeyHoldsTheLease() {
    L2 l2 = started("a").l2();
    join(l2.read(read("movie:1", bytes("mine"), null)));
    Result stored = join(l2.fill("movie:1", bytes("mine"), bytes("envelope"), 30_000));
    assertThat(stored.succeeded()).isTrue();
    assertThat(stored.value()).isEqualTo(1);
    assertThat(redis().get("movie:1")).isEqualTo(bytes("envelope"));
    assertThat(redis().pttl("movie:1")).isBetween(1L, 30_000L);

    Result again = join(l2.fill("movie:1", bytes("mine"), bytes("envelope-2"), 30_000));
    assertThat(again.value()).isZero();
    assertThat(redis().get("movie:1")).isEqualTo(bytes("envelope"));

    Result absent = join(l2.fill("movie:2", bytes("mine"), bytes("envelope"), 30_000));
    assertThat(absent.value()).isZero();
    assertThat(redis().get("movie:2")).isNull();

    join(l2.read(read("movie:3", bytes("theirs"), null)));
    Result other = join(l2.fill("movie:3", bytes("mine"), bytes("envelope"), 30_000));
    assertThat(other.value()).isZero();
    assertThat(redis().get("movie:3")).isEqualTo(bytes("theirs"));
  }

  @Test
  void fill_afterTheKeyWasDeleted_storesNothing() {
    L2 l2 = started("a").l2();
    join(l2.read(read("movie:1", bytes("mine"), null)));
    join(l2.write(new WriteRequest(List.of("movie:1"), List.of(), null, null)));
    assertThat(join(l2.fill("movie:1", bytes("mine"), bytes("old value"), 30_000)).value()).isZero();
    assertThat(redis().get("movie:1")).isNull();
  }

  @Test
  void release_deletesTheKey_onlyIfItHoldsTheLease() {
    L2 l2 = started("a").l2();
    join(l2.read(read("movie:1", bytes("mine"), null)));
    join(l2.read(read("movie:2", bytes("theirs"), null)));
    assertThat(join(l2.release("movie:1", bytes("mine"))).value()).isEqualTo(1);
    assertThat(redis().get("movie:1")).isNull();
    assertThat(join(l2.release("movie:2", bytes("mine"))).value()).isZero();
    assertThat(redis().get("movie:2")).isEqualTo(bytes("theirs"));
  }

  // ---------------------------------------------------------------------------------------------
  // WRITE

  @Test
  void write_deletesKeys_setsTokensAndTheValue_andPublishesTheMessageToOthers() {
    Started a = started("a");
    Started b = started("b");
    redis().set("movie:1", bytes("old"), 60_000);
    redis().set("movie:2", bytes("old"), 60_000);
    WriteReply reply = join(a.l2().write(new WriteRequest(
        List.of("movie:1", "movie:2"),
        List.of(new TokenSet("{cachegen}:gen:movie:", 7, 60_000)),
        new ValueSet("movie:3", bytes("new"), 30_000),
        bytes("message-1"))));
    assertThat(reply.deletes()).containsOnlyNulls().hasSize(2);
    assertThat(reply.tokens()).containsOnlyNulls().hasSize(1);
    assertThat(reply.value()).isNull();
    Result published = join(reply.published());
    assertThat(published.succeeded()).isTrue();
    assertThat(published.value()).isGreaterThanOrEqualTo(1);
    assertThat(redis().get("movie:1")).isNull();
    assertThat(redis().get("movie:2")).isNull();
    assertThat(redis().get("movie:3")).isEqualTo(bytes("new"));
    assertThat(redis().pttl("movie:3")).isBetween(1L, 30_000L);
    assertThat(LettuceL2.token(redis().get("{cachegen}:gen:movie:"))).isEqualTo(7);
    await().atMost(patience()).until(() -> b.listener().invalidations.size() == 1);
    assertThat(b.listener().invalidations.get(0)).isEqualTo(bytes("message-1"));
  }

  @Test
  void write_withoutMessage_publishesNothing() {
    Started a = started("a");
    Started b = started("b");
    WriteReply reply = join(a.l2().write(new WriteRequest(List.of("movie:1"), List.of(), null, null)));
    assertThat(join(reply.published())).isEqualTo(Result.ok(0));
    join(a.l2().write(new WriteRequest(List.of(), List.of(), null, bytes("marker"))));
    await().atMost(patience()).until(() -> b.listener().invalidations.size() == 1);
    assertThat(b.listener().invalidations.get(0)).isEqualTo(bytes("marker"));
  }

  @Test
  void theMessage_neverOvertakesTheChanges_aReceiverReadsTheNewState() {
    Started a = started("a");
    Started b = started("b");
    List<ReadReply> seen = new CopyOnWriteArrayList<>();
    // b reads the key as soon as it hears the message; what it reads must already be the write's.
    b.l2().close();
    L2 reader = newL2("reader");
    opened.add(reader);
    RecordingListener readerEvents = new RecordingListener() {
      @Override
      public void invalidation(byte[] payload) {
        super.invalidation(payload);
        reader.read(read(new String(payload, UTF_8), null, null, "{cachegen}:gen:movie:")).thenAccept(seen::add);
      }
    };
    reader.start(readerEvents);
    await().atMost(patience()).until(() -> readerEvents.count("subscribed") > 0);
    for (int i = 0; i < 20; i++) {
      String key = "movie:" + i;
      redis().set(key, bytes("old"), 60_000);
      join(a.l2().write(new WriteRequest(List.of(key), List.of(new TokenSet("{cachegen}:gen:movie:", i + 1, 60_000)),
          null, bytes(key))));
    }
    await().atMost(patience()).until(() -> seen.size() == 20);
    for (ReadReply reply : seen) {
      assertThat(reply.kind()).isEqualTo(ReadReply.Kind.EMPTY);
      assertThat(reply.tokens()[0]).isPositive();
    }
  }

  @Test
  void underOom_fillsAndLeasesAreRefused_whileDeletesTokensAndPublishesWork() {
    Started a = started("a");
    Started b = started("b");
    L2 l2 = a.l2();
    redis().set("movie:value", bytes("old value"), 60_000);
    redis().set("movie:gone", bytes("old"), 60_000);
    join(l2.read(read("movie:fill", bytes("lease"), null)));
    redis().outOfMemory(true);
    try {
      ReadReply leased = join(l2.read(read("movie:new", bytes("lease"), null)));
      assertThat(leased.kind()).isEqualTo(ReadReply.Kind.FAILED);
      assertThat(leased.failure().kind()).isEqualTo(Failure.Kind.REFUSED);
      assertThat(leased.failure().message()).contains("OOM");
      assertThat(redis().get("movie:new")).isNull();

      Result fill = join(l2.fill("movie:fill", bytes("lease"), bytes("envelope"), 30_000));
      assertThat(fill.succeeded()).isFalse();
      assertThat(fill.failure().kind()).isEqualTo(Failure.Kind.REFUSED);
      assertThat(redis().get("movie:fill")).as("the lease is deleted").isNull();

      WriteReply write = join(l2.write(new WriteRequest(
          List.of("movie:gone"),
          List.of(new TokenSet("{cachegen}:gen:movie:", 99, 60_000)),
          new ValueSet("movie:value", bytes("new value"), 30_000),
          bytes("under oom"))));
      assertThat(write.deletes()).containsOnlyNulls();
      assertThat(write.tokens()).containsOnlyNulls();
      assertThat(write.value()).isNotNull();
      assertThat(write.value().kind()).isEqualTo(Failure.Kind.REFUSED);
      assertThat(join(write.published()).succeeded()).isTrue();
      assertThat(redis().get("movie:gone")).isNull();
      assertThat(redis().get("movie:value")).as("a refused value SET deletes the old value").isNull();
      assertThat(LettuceL2.token(redis().get("{cachegen}:gen:movie:"))).isEqualTo(99);
      await().atMost(patience()).until(() -> b.listener().invalidations.size() == 1);

      assertThat(join(l2.heartbeat(bytes("hb"))).succeeded()).isTrue();
      assertThat(join(l2.read(read("movie:value", null, null, "{cachegen}:gen:movie:"))).tokens()).containsExactly(99L);
      assertThat(l2.isConnected()).isTrue();
    } finally {
      redis().outOfMemory(false);
    }
    assertThat(a.listener().events).noneMatch(e -> e.startsWith("refused"));
  }

  @Test
  void scriptsWork_afterRedisForgotThem() {
    Started a = started("a");
    Started b = started("b");
    redis().flushScripts();
    assertThat(join(a.l2().read(read("movie:1", bytes("lease"), null))).kind()).isEqualTo(ReadReply.Kind.GRANTED);
    redis().flushScripts();
    assertThat(join(a.l2().fill("movie:1", bytes("lease"), bytes("v"), 30_000)).value()).isEqualTo(1);
    redis().flushScripts();
    WriteReply write = join(a.l2().write(new WriteRequest(List.of(),
        List.of(new TokenSet("{cachegen}:gen:", 5, 60_000)), new ValueSet("movie:2", bytes("v2"), 30_000),
        bytes("after flush"))));
    assertThat(write.tokens()).containsOnlyNulls();
    assertThat(write.value()).isNull();
    assertThat(join(write.published()).succeeded()).isTrue();
    assertThat(redis().get("movie:2")).isEqualTo(bytes("v2"));
    await().atMost(patience()).until(() -> !b.listener().invalidations.isEmpty());
    assertThat(b.listener().invalidations).allSatisfy(m -> assertThat(m).isEqualTo(bytes("after flush")));
  }

  // ---------------------------------------------------------------------------------------------
  // Keys

  @Test
  void keysAndTokenKeys_areSentAsUtf8() {
    L2 l2 = started("a").l2();
    String key = "movie:clé:\uD83C\uDFAC";
    join(l2.write(new WriteRequest(List.of(), List.of(new TokenSet("{cachegen}:gen:clé:", 3, 60_000)),
        new ValueSet(key, bytes("v"), 30_000), null)));
    assertThat(redis().get(key)).isEqualTo(bytes("v"));
    ReadReply reply = join(l2.read(read(key, null, null, "{cachegen}:gen:clé:")));
    assertThat(reply.value()).isEqualTo(bytes("v"));
    assertThat(reply.tokens()).containsExactly(3L);
  }

  @Test
  void aKeyThatIsNotWellFormedUtf16_isRejectedAtTheCall() {
    L2 l2 = started("a").l2();
    String lone = "movie:\uD800";
    assertThatThrownBy(() -> l2.read(read(lone, null, null))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> l2.read(read("movie:1", null, null, "{cachegen}:gen:\uDC00")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> l2.fill(lone, bytes("l"), bytes("v"), 1000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> l2.release(lone, bytes("l"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> l2.write(new WriteRequest(List.of("movie:ok", lone), List.of(), null, bytes("m"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> l2.write(new WriteRequest(List.of(), List.of(new TokenSet(lone, 1, 1000)), null, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> l2.write(new WriteRequest(List.of(), List.of(), new ValueSet(lone, bytes("v"), 1000), null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(redis().get("movie:ok")).isNull();
  }

  // ---------------------------------------------------------------------------------------------
  // Channels

  @Test
  void heartbeats_comeBackOnTheOwnChannel_andReachNoOtherInstance() {
    Started a = started("a");
    Started b = started("b");
    Result sent = join(a.l2().heartbeat(bytes("hb-1")));
    assertThat(sent.succeeded()).isTrue();
    assertThat(sent.value()).isEqualTo(1);
    await().atMost(patience()).until(() -> a.listener().heartbeats.size() == 1);
    assertThat(a.listener().heartbeats.get(0)).isEqualTo(bytes("hb-1"));
    assertThat(b.listener().heartbeats).isEmpty();
    assertThat(a.listener().invalidations).isEmpty();
  }

  @Test
  void anInstance_hearsItsOwnInvalidations_too() {
    Started a = started("a");
    join(a.l2().write(new WriteRequest(List.of("movie:1"), List.of(), null, bytes("mine"))));
    await().atMost(patience()).until(() -> a.listener().invalidations.size() == 1);
  }

  @Test
  void aKilledSubscription_isLost_thenSubscribedAgain_andMessagesFlowAgain() {
    Started a = started("a");
    Started b = started("b");
    redis().killSubscriptions();
    await().atMost(patience()).until(() -> b.listener().count("subscriptionLost") == 1);
    await().atMost(patience()).until(() -> b.listener().count("subscribed") == 2);
    assertThat(b.listener().last("subscribed", "subscriptionLost")).isEqualTo("subscribed");
    assertThat(b.listener().events).noneMatch(e -> e.startsWith("outage"));
    join(a.l2().write(new WriteRequest(List.of("movie:1"), List.of(), null, bytes("after"))));
    await().atMost(patience()).until(() -> b.listener().invalidations.size() == 1);
    join(b.l2().heartbeat(bytes("hb")));
    await().atMost(patience()).until(() -> b.listener().heartbeats.size() == 1);
  }

  // ---------------------------------------------------------------------------------------------
  // Faults

  @Test
  void aKilledServer_isAnOutage_andCommandsFailAtOnceAsDisconnected() {
    Started a = started("a");
    redis().kill();
    try {
      await().atMost(patience()).until(() -> a.listener().count("outage") == 1);
      await().atMost(patience()).until(() -> a.listener().count("subscriptionLost") == 1);
      assertThat(a.l2().isConnected()).isFalse();
      ReadReply reply = join(a.l2().read(read("movie:1", null, null)));
      assertThat(reply.kind()).isEqualTo(ReadReply.Kind.FAILED);
      assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.DISCONNECTED);
      Result heartbeat = join(a.l2().heartbeat(bytes("hb")));
      assertThat(heartbeat.failure().kind()).isEqualTo(Failure.Kind.DISCONNECTED);
      WriteReply write = join(a.l2().write(new WriteRequest(List.of("movie:1"), List.of(), null, bytes("m"))));
      assertThat(write.deletes()[0].isOutage()).isTrue();
      assertThat(join(write.published()).failure().isOutage()).isTrue();
    } finally {
      redis().restart();
    }
    await().atMost(patience()).until(() -> a.listener().count("connected") == 2 && a.listener().count("subscribed") == 2);
    assertThat(join(a.l2().ping()).succeeded()).isTrue();
  }

  @Test
  void aRestartedServer_isConnectedAgain_withinTheReconnectionBound() {
    Started a = started("a");
    redis().kill();
    await().atMost(patience()).until(() -> a.listener().count("outage") == 1);
    long restarted = System.nanoTime();
    redis().restart();
    long back = System.nanoTime();
    await().atMost(reconnectBound().plus(Duration.ofNanos(back - restarted)))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> a.listener().count("connected") == 2);
    long connectedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
    System.out.println("Reconnected " + connectedAfterMillis + " ms after Redis answered again");
    await().atMost(patience()).until(() -> a.listener().count("subscribed") == 2);
    assertThat(join(a.l2().read(read("movie:1", bytes("l"), null))).kind()).isEqualTo(ReadReply.Kind.GRANTED);
  }

  @Test
  void aHungServer_makesCommandsTimeOut() {
    Started a = started("a");
    redis().pause();
    try {
      ReadReply reply = join(a.l2().read(read("movie:1", null, null)));
      assertThat(reply.kind()).isEqualTo(ReadReply.Kind.FAILED);
      assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.TIMEOUT);
      assertThat(join(a.l2().ping()).failure().kind()).isEqualTo(Failure.Kind.TIMEOUT);
    } finally {
      redis().resume();
    }
    await().atMost(patience()).until(() -> join(a.l2().ping()).succeeded());
  }

  @Test
  void aFailover_isAnOutage_andCommandsAndTheSubscriptionRecover() {
    assumeTrue(redis().canFailOver(), "this Redis has no replica to fail over to");
    Started a = started("a");
    Started b = started("b");
    redis().failOver();
    await().atMost(patience()).until(() -> a.listener().count("outage") >= 1);
    await().atMost(patience()).until(() -> a.l2().isConnected()
        && a.listener().last("subscribed", "subscriptionLost") != null
        && a.listener().last("subscribed", "subscriptionLost").equals("subscribed")
        && a.listener().count("subscribed") >= 2);
    await().atMost(patience()).until(() -> b.l2().isConnected() && b.listener().count("subscribed") >= 2
        && "subscribed".equals(b.listener().last("subscribed", "subscriptionLost")));
    await().atMost(patience()).until(() -> {
      WriteReply w = join(a.l2().write(new WriteRequest(List.of("movie:1"), List.of(),
          new ValueSet("movie:2", bytes("after failover"), 60_000), bytes("after failover"))));
      return w.value() == null && join(w.published()).succeeded();
    });
    assertThat(join(b.l2().read(read("movie:2", null, null))).value()).isEqualTo(bytes("after failover"));
    await().atMost(patience()).until(() -> b.listener().invalidations.stream()
        .anyMatch(m -> new String(m, UTF_8).equals("after failover")));
  }

  // ---------------------------------------------------------------------------------------------
  // Closing

  @Test
  void callsAfterClose_completeAtOnceWithAFailure() {
    Started a = started("a");
    a.l2().close();
    assertThat(a.l2().isConnected()).isFalse();
    assertThat(join(a.l2().read(read("movie:1", null, null))).kind()).isEqualTo(ReadReply.Kind.FAILED);
    assertThat(join(a.l2().fill("movie:1", bytes("l"), bytes("v"), 1000)).succeeded()).isFalse();
    assertThat(join(a.l2().release("movie:1", bytes("l"))).succeeded()).isFalse();
    assertThat(join(a.l2().heartbeat(bytes("hb"))).succeeded()).isFalse();
    assertThat(join(a.l2().ping()).succeeded()).isFalse();
    WriteReply write = join(a.l2().write(new WriteRequest(List.of("k"), List.of(), null, bytes("m"))));
    assertThat(write.deletes()[0]).isNotNull();
    assertThat(join(write.published()).succeeded()).isFalse();
    a.l2().close(); // twice: nothing happens
  }

  @Test
  void callsWhileClosing_allCompleteNormally_andNothingThrows() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 30; round++) {
        L2 l2 = newL2("closing-" + round);
        opened.add(l2);
        RecordingListener listener = new RecordingListener();
        l2.start(listener);
        if (round % 2 == 0) {
          await().atMost(patience()).until(l2::isConnected);
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> futures = new CopyOnWriteArrayList<>();
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
          int worker = w;
          workers.add(pool.submit(() -> {
            int i = 0;
            while (!stop.get() && i < 5000) {
              try {
                switch ((i++ + worker) % 4) {
                  case 0 -> futures.add(l2.read(read("movie:" + i, bytes("l"), null, "{cachegen}:gen:")));
                  case 1 -> futures.add(l2.write(new WriteRequest(List.of("movie:" + i), List.of(), null, bytes("m"))));
                  case 2 -> futures.add(l2.heartbeat(bytes("hb")));
                  default -> futures.add(l2.fill("movie:" + i, bytes("l"), bytes("v"), 1000));
                }
              } catch (Throwable t) {
                thrown.add(t);
              }
            }
          }));
        }
        Thread.sleep(round % 5);
        try {
          l2.close();
        } catch (Throwable t) {
          thrown.add(t);
        }
        stop.set(true);
        for (java.util.concurrent.Future<?> worker : workers) {
          worker.get(30, TimeUnit.SECONDS);
        }
        assertThat(thrown).as("round " + round).isEmpty();
        for (CompletableFuture<?> future : futures) {
          Object result = future.orTimeout(30, TimeUnit.SECONDS).join(); // completes, and normally
          if (result instanceof WriteReply w) {
            join(w.published());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
