package io.cachegen.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with a real CA made at test time (openssl, keytool): peer and host name verified, trust from a PEM
 * CA file or a PKCS#12 trust store, a client certificate when Redis asks for one; a certificate from an
 * unknown CA or for another host is one refusal, never a hang.
 */
class LettuceL2TlsTest {
  @TempDir
  static Path dir;

  private static Process redis;
  private static Process redisWithClientAuth;
  private static Process redisForOtherHost;
  private static int tlsPort;
  private static int clientAuthPort;
  private static int otherHostPort;
  private final List<L2> opened = new ArrayList<>();

  /** A redis-server that speaks only TLS ({@code --port 0}), up once its TLS port accepts connections. */
  static Process tlsServer(int port, String cert, boolean clientAuth) throws Exception {
    Process p = new ProcessBuilder(RedisServer.binary(), "--port", "0", "--tls-port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--tls-cert-file", dir.resolve(cert + ".pem").toString(),
        "--tls-key-file", dir.resolve(cert + ".key").toString(),
        "--tls-ca-cert-file", dir.resolve("ca.pem").toString(),
        "--tls-auth-clients", clientAuth ? "yes" : "no")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        return p.isAlive();
      }
    });
    return p;
  }

  @BeforeAll
  static void startServers() throws Exception {
    TestCertificates.make(dir);
    tlsPort = RedisServer.freePort();
    redis = tlsServer(tlsPort, "server", false);
    clientAuthPort = RedisServer.freePort();
    redisWithClientAuth = tlsServer(clientAuthPort, "server", true);
    otherHostPort = RedisServer.freePort();
    redisForOtherHost = tlsServer(otherHostPort, "elsewhere", false);
  }

  @AfterAll
  static void stopServers() {
    for (Process server : new Process[] {redis, redisWithClientAuth, redisForOtherHost}) {
      if (server != null) {
        server.destroyForcibly();
      }
    }
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    opened.forEach(L2::close);
  }

  private RecordingListener start(String uri, RedisTls tls) {
    L2 l2 = new LettuceL2(LettuceSettings.of(uri, "tls").withTls(tls)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    opened.add(l2);
    RecordingListener events = new RecordingListener();
    l2.start(events);
    return events;
  }

  private void worksOver(RecordingListener events) {
    await().atMost(Duration.ofSeconds(20)).until(() -> events.count("subscribed") == 1 || events.count("refused") > 0);
    assertThat(events.events).containsExactly("connected", "subscribed");
    L2 l2 = opened.get(opened.size() - 1);
    assertThat(l2.write(new L2.WriteRequest(List.of(), List.of(),
        new L2.ValueSet("movie:1", "over tls".getBytes(UTF_8), 10_000), null)).join().value()).isNull();
    assertThat(l2.read(new L2.ReadRequest("movie:1", 100, null, 0, null, List.of())).join().value())
        .isEqualTo("over tls".getBytes(UTF_8));
  }

  @Test
  void aPemCaFile_verifiesTheServerAndItsAddress() {
    worksOver(start("rediss://127.0.0.1:" + tlsPort, RedisTls.trustPem(dir.resolve("ca.pem"))));
  }

  @Test
  void aPemCaFile_verifiesTheServerAndItsHostName() {
    worksOver(start("rediss://localhost:" + tlsPort, RedisTls.trustPem(dir.resolve("ca.pem"))));
  }

  @Test
  void aPkcs12TrustStore_verifiesTheServer() {
    worksOver(start("rediss://127.0.0.1:" + tlsPort,
        RedisTls.trustStore(dir.resolve("trust.p12"), "changeit".toCharArray())));
  }

  @Test
  void aClientCertificate_isPresentedWhenRedisAsksForOne() {
    worksOver(start("rediss://127.0.0.1:" + clientAuthPort, RedisTls.trustPem(dir.resolve("ca.pem"))
        .withClientCertificate(dir.resolve("client.pem"), dir.resolve("client.key"))));
  }

  @Test
  void withoutAClientCertificate_aServerThatAsksForOne_refuses() {
    RecordingListener events = start("rediss://127.0.0.1:" + clientAuthPort, RedisTls.trustPem(dir.resolve("ca.pem")));
    await().atMost(Duration.ofSeconds(20)).until(() -> events.count("refused") == 1);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> events.events.size() == 1);
    assertThat(events.events.get(0)).contains("certificate");
  }

  @Test
  void aCertificateFromAnotherCa_isOneRefusal_withinTheConnectTimeout() {
    long start = System.nanoTime();
    RecordingListener events = start("rediss://127.0.0.1:" + tlsPort, RedisTls.trustPem(dir.resolve("other-ca.pem")));
    await().atMost(Duration.ofSeconds(10)).until(() -> events.count("refused") == 1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> events.events.size() == 1);
    assertThat(events.events.get(0)).contains("TLS verification");
  }

  @Test
  void theJvmsCas_doNotTrustATestCa() {
    RecordingListener events = start("rediss://127.0.0.1:" + tlsPort, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> events.count("refused") == 1);
    assertThat(events.events).hasSize(1);
  }

  @Test
  void aCertificateForAnotherHost_isRefused_unlessOnlyTheCaIsChecked() {
    RecordingListener refused = start("rediss://127.0.0.1:" + otherHostPort, RedisTls.trustPem(dir.resolve("ca.pem")));
    await().atMost(Duration.ofSeconds(10)).until(() -> refused.count("refused") == 1);
    assertThat(refused.events).hasSize(1);
    worksOver(start("rediss://127.0.0.1:" + otherHostPort + "?verifyPeer=CA", RedisTls.trustPem(dir.resolve("ca.pem"))));
  }

  @Test
  void aPlainConnectionToATlsPort_neverConnects() {
    RecordingListener events = new RecordingListener();
    L2 l2 = new LettuceL2(LettuceSettings.of("redis://127.0.0.1:" + tlsPort, "plain")
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    opened.add(l2);
    l2.start(events);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !events.events.contains("connected"));
  }
}
