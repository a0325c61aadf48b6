package io.cachegen.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisServerTest {

  @Test
  void startsOnAFreeLoopbackPortAndAnswersCommands() {
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.port()).isNotEqualTo(6379);
      assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
      assertThat(redis.command("SET", "k", "v", "PX", "60000")).isEqualTo("OK");
      assertThat(redis.command("GET", "k")).isEqualTo("v");
      assertThat((Long) redis.command("PTTL", "k")).isBetween(1L, 60_000L);
    }
  }

  @Test
  void restartKeepsThePortAndEmptiesTheData() {
    try (RedisServer redis = RedisServer.start()) {
      int port = redis.port();
      redis.command("SET", "k", "v");
      redis.kill();
      assertThat(redis.isRunning()).isFalse();
      assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(UncheckedIOException.class);
      redis.restart();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.command("GET", "k")).isNull();
    }
  }

  @Test
  void pausedServerAcceptsConnectionsButAnswersNothingUntilResumed() throws IOException {
    try (RedisServer redis = RedisServer.start()) {
      redis.pause();
      assertThat(redis.isPaused()).isTrue();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(redis.host(), redis.port()), 1000);
        socket.setSoTimeout(300);
        assertThatThrownBy(() -> RedisServer.Resp.call(socket, "PING")).isInstanceOf(SocketTimeoutException.class);
      }
      redis.resume();
      assertThat(redis.command("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void errorRepliesBecomeExceptions() {
    try (RedisServer redis = RedisServer.start()) {
      assertThatThrownBy(() -> redis.command("NOSUCHCOMMAND")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("unknown command");
    }
  }

  @Test
  void pipelineSendsCommandsOverOneConnectionAndReturnsRepliesInOrder() {
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.pipeline(List.of("CLIENT", "SETNAME", "harness"), List.of("CLIENT", "GETNAME"), List.of("SET", "k", "v")))
          .containsExactly("OK", "harness", "OK");
      assertThat(redis.role()).isEqualTo("master");
    }
  }
}
