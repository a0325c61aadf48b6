package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rediss://} URIs reach a redis-server that speaks only TLS on that port. */
class TlsTest {

  @Test
  void redissUriConnectsOverTls(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    Process openssl = new ProcessBuilder(
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=127.0.0.1")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("openssl.log").toFile())
        .start();
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();

    int tlsPort = RedisServer.freePort();
    try (RedisServer redis = RedisServer.start(
            "--tls-port", Integer.toString(tlsPort),
            "--tls-cert-file", cert.toString(),
            "--tls-key-file", key.toString(),
            "--tls-ca-cert-file", cert.toString(),
            "--tls-auth-clients", "no");
        TieredCache cache = TieredCache.builder()
            .redisUri("rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE")
            .connectTimeout(Duration.ofSeconds(5))
            .build();
        TieredCache other = TieredCache.builder()
            .redisUri("rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE")
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      assertThat(cache.hasL2()).isTrue();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.isL2Available() && other.isL2Available());
      cache.set("k", "over tls".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
      assertThat(redis.command("EXISTS", "k")).isEqualTo(1L);
      assertThat(new String(other.get("k"), StandardCharsets.UTF_8)).as("read by another instance through Redis").isEqualTo("over tls");
    }
  }
}
