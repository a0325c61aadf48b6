package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passwords with {@code @ / : ? # % + space} reach Redis intact, and never show in {@code describe()},
 * {@code toString()}, a listener message, an exception message or a log line (all captured and searched).
 */
class LettuceL2SecretsTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static String encode(String password) {
    return URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sec@ret-1", "se/cret-2", "se:cret-3", "se?cret-4", "se#cret-5", "se%cret-6", "se+cret-7",
      "se cret-8"})
  void aPasswordWithASpecialCharacter_works_andNeverShows(String password) throws Exception {
    redis.command("ACL", "SETUSER", "app", "reset", "on", ">" + password, "~*", "&*", "+@all");
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    StringBuilder seen = new StringBuilder();
    System.setErr(capture);
    System.setOut(capture);
    try {
      List<String> uris = new java.util.ArrayList<>(List.of("redis://app:" + encode(password) + "@127.0.0.1:" + redis.port()));
      if (!password.contains("%")) {
        uris.add("redis://app:" + password + "@127.0.0.1:" + redis.port()); // as it is
      }
      for (String uri : uris) {
        try (LettuceL2 l2 = new LettuceL2(LettuceSettings.of(uri, "i1"))) {
          RecordingListener events = new RecordingListener();
          l2.start(events);
          await().atMost(Duration.ofSeconds(20)).until(() -> events.count("subscribed") == 1 && l2.isConnected());
          seen.append(l2.describe()).append('\n').append(l2).append('\n').append(events.events).append('\n')
              .append(LettuceSettings.of(uri, "i1")).append('\n');
        }
        // The wrong password: refused, with a message that holds neither password.
        String wrong = uri.replace("-", "_");
        try (LettuceL2 l2 = new LettuceL2(LettuceSettings.of(wrong, "i2"))) {
          RecordingListener events = new RecordingListener();
          l2.start(events);
          await().atMost(Duration.ofSeconds(20)).until(() -> events.count("refused") == 1);
          seen.append(events.events).append('\n');
          seen.append(l2.read(new L2.ReadRequest("k", 10, null, 0, null, List.of())).join().failure()).append('\n');
        }
      }
      // A URI the parser rejects: the message and the exception hold no password.
      for (String bad : List.of("redis://app:" + encode(password) + "@127.0.0.1:notaport",
          "redis://app:" + encode(password) + "@127.0.0.1:1?password=x",
          "redis://app:" + encode(password) + "%@127.0.0.1:1")) {
        assertThatThrownBy(() -> new LettuceL2(LettuceSettings.of(bad, "i3")))
            .isInstanceOf(IllegalArgumentException.class)
            .satisfies(e -> {
              seen.append(e).append('\n');
              assertThat(e.getCause()).isNull();
            });
      }
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    String everything = seen + "\n" + captured.toString(StandardCharsets.UTF_8);
    assertThat(everything).contains("app:****@").contains("refused");
    assertThat(everything).doesNotContain(password).doesNotContain(encode(password))
        .doesNotContain(password.replace("-", "_")).doesNotContain(encode(password.replace("-", "_")));
    originalOut.println(captured.size() + " bytes of log output checked for " + password);
  }
}
