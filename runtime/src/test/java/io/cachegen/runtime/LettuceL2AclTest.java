package io.cachegen.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.runtime.L2.Failure;
import io.cachegen.runtime.L2.ReadReply;
import io.cachegen.runtime.L2.ReadRequest;
import io.cachegen.runtime.L2.TokenSet;
import io.cachegen.runtime.L2.ValueSet;
import io.cachegen.runtime.L2.WriteReply;
import io.cachegen.runtime.L2.WriteRequest;
import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis ACL users: the least-privilege rule of {@link LettuceL2}'s javadoc is enough for everything, and a
 * user that lacks a permission gets one clear refusal naming it, never a half-working cache.
 */
class LettuceL2AclTest {
  /** The rule from LettuceL2's javadoc, for namespace cachegen and cache keys under movie:. */
  static final String[] LEAST_PRIVILEGE = {
      "resetkeys", "~{cachegen}:*", "~cachegen:gen:*", "~movie:*", "resetchannels", "&{cachegen}:invalidations", "&{cachegen}:hb:*",
      "-@all", "+eval", "+evalsha", "+get", "+set", "+del", "+type", "+strlen", "+pttl", "+publish", "+subscribe",
      "+ping"};

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final List<L2> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(L2::close);
  }

  private void user(String name, String... rules) {
    List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", name, "reset", "on", ">pw-" + name));
    args.addAll(List.of(rules));
    redis.command(args.toArray(String[]::new));
  }

  private static String[] without(String[] rules, String rule) {
    return java.util.Arrays.stream(rules).filter(r -> !r.equals(rule)).toArray(String[]::new);
  }

  private RecordingListener start(String user, L2[] out) {
    L2 l2 = new LettuceL2(LettuceSettings.of("redis://" + user + ":pw-" + user + "@127.0.0.1:" + redis.port(), "i1")
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    opened.add(l2);
    out[0] = l2;
    RecordingListener listener = new RecordingListener();
    l2.start(listener);
    return listener;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void theLeastPrivilegeRule_isEnoughForEveryCommand() {
    user("app", LEAST_PRIVILEGE);
    L2[] l2 = new L2[1];
    RecordingListener events = start("app", l2);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.count("subscribed") == 1 && l2[0].isConnected());

    ReadReply granted = l2[0].read(new ReadRequest("movie:1", 1000, bytes("lease"), 10_000, null,
        List.of("{cachegen}:gen:movie:"))).join();
    assertThat(granted.kind()).isEqualTo(ReadReply.Kind.GRANTED);
    assertThat(l2[0].fill("movie:1", bytes("lease"), bytes("v"), 10_000).join().value()).isEqualTo(1);
    assertThat(l2[0].read(new ReadRequest("movie:1", 1000, null, 0, new byte[20], List.of())).join().value())
        .isEqualTo(bytes("v"));
    WriteReply write = l2[0].write(new WriteRequest(List.of("movie:1"),
        List.of(new TokenSet("{cachegen}:gen:movie:", 5, 10_000)), new ValueSet("movie:2", bytes("v2"), 10_000),
        bytes("message"))).join();
    assertThat(write.deletes()).containsOnlyNulls();
    assertThat(write.tokens()).containsOnlyNulls();
    assertThat(write.value()).isNull();
    assertThat(write.published().join().succeeded()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> events.invalidations.size() == 1);
    assertThat(l2[0].heartbeat(bytes("hb")).join().value()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> events.heartbeats.size() == 1);
    l2[0].read(new ReadRequest("movie:3", 1000, bytes("lease"), 10_000, null, List.of())).join();
    assertThat(l2[0].release("movie:3", bytes("lease")).join().value()).isEqualTo(1);
    assertThat(l2[0].ping().join().succeeded()).isTrue();
    assertThat(events.events).containsExactly("connected", "subscribed");
  }

  @Test
  void aUserWithoutChannelRights_getsOneRefusalNamingTheChannel_andNeverConnects() {
    user("nochannels", without(without(LEAST_PRIVILEGE, "&{cachegen}:invalidations"), "&{cachegen}:hb:*"));
    L2[] l2 = new L2[1];
    RecordingListener events = start("nochannels", l2);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.count("refused") == 1);
    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> events.events.size() == 1);
    assertThat(events.events.get(0)).contains("{cachegen}:invalidations").contains("&{cachegen}:invalidations")
        .contains("NOPERM");
    assertThat(l2[0].isConnected()).isFalse();
    Failure failure = l2[0].read(new ReadRequest("movie:1", 1000, null, 0, null, List.of())).join().failure();
    assertThat(failure.kind()).isEqualTo(Failure.Kind.REFUSED);
    assertThat(failure.message()).contains("refuses");
  }

  @Test
  void aUserWithoutSubscribe_getsOneRefusalNamingIt() {
    user("nosubscribe", without(LEAST_PRIVILEGE, "+subscribe"));
    L2[] l2 = new L2[1];
    RecordingListener events = start("nosubscribe", l2);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.count("refused") == 1);
    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> events.count("refused") == 1);
    assertThat(events.last("refused")).contains("+subscribe");
    assertThat(events.events).doesNotContain("subscribed");
  }

  @Test
  void aUserWithoutEvalsha_getsOneRefusalNamingIt() {
    user("noevalsha", without(LEAST_PRIVILEGE, "+evalsha"));
    L2[] l2 = new L2[1];
    RecordingListener events = start("noevalsha", l2);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.count("refused") == 1);
    assertThat(events.events).hasSize(1);
    assertThat(events.events.get(0)).contains("EVALSHA").contains("+evalsha");
  }

  @Test
  void aUserThatCannotSetInsideScripts_getsOneRefusal() {
    user("noset", without(LEAST_PRIVILEGE, "+set"));
    L2[] l2 = new L2[1];
    RecordingListener events = start("noset", l2);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.count("refused") == 1);
    assertThat(events.events).hasSize(1);
    assertThat(events.events.get(0)).contains("READ script").contains("+set");
  }

  @Test
  void aNopermOnALaterCommand_isARefusal_reportedOnce() {
    user("nomovies", without(LEAST_PRIVILEGE, "~movie:*"));
    L2[] l2 = new L2[1];
    RecordingListener events = start("nomovies", l2);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.count("subscribed") == 1);
    ReadReply reply = l2[0].read(new ReadRequest("movie:1", 1000, null, 0, null, List.of())).join();
    assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.REFUSED);
    assertThat(reply.failure().message()).contains("NOPERM");
    l2[0].write(new WriteRequest(List.of("movie:2"), List.of(), null, null)).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> events.count("refused") == 1);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> events.count("refused") == 1);
    assertThat(l2[0].isConnected()).isFalse();
  }

  @Test
  void aWrongPassword_isARefusal() {
    user("app", LEAST_PRIVILEGE);
    L2 l2 = new LettuceL2(LettuceSettings.of("redis://app:wrong@127.0.0.1:" + redis.port(), "i1"));
    opened.add(l2);
    RecordingListener events = new RecordingListener();
    l2.start(events);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.count("refused") == 1);
    assertThat(events.events).hasSize(1);
    assertThat(events.events.get(0)).contains("authentication failed").doesNotContain("wrong@");
  }
}
