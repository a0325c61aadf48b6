package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through {@link TieredCache}'s builder, with peer and host name verification against a CA the test
 * makes (openssl, keytool): a PEM CA file, a PKCS#12 trust store, a client certificate; two instances share
 * fills and invalidations over TLS. A certificate from another CA, or for another host, makes
 * {@code build()} return an L1-only cache at once: health {@link L2State#REFUSED}, one error, no retries.
 */
class TieredCacheTlsTest {
  private static final TypeRef<String> TEXT = TypeRef.of(String.class);
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  @TempDir
  static Path dir;

  private static RedisServer redis;
  private static RedisServer redisWithClientAuth;
  private static RedisServer redisForOtherHost;
  private static int tlsPort;
  private static int clientAuthPort;
  private static int otherHostPort;
  private final List<TieredCache> caches = new ArrayList<>();

  /** A server with a plain port (for the test's own commands) and a TLS port (for the cache). */
  private static RedisServer tlsServer(int tlsPort, String cert, boolean clientAuth) {
    return RedisServer.start("--tls-port", Integer.toString(tlsPort),
        "--tls-cert-file", dir.resolve(cert + ".pem").toString(),
        "--tls-key-file", dir.resolve(cert + ".key").toString(),
        "--tls-ca-cert-file", dir.resolve("ca.pem").toString(),
        "--tls-auth-clients", clientAuth ? "yes" : "no");
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
    for (RedisServer server : new RedisServer[] {redis, redisWithClientAuth, redisForOtherHost}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @AfterEach
  void close() {
    caches.forEach(TieredCache::close);
    redis.flushAll();
  }

  private TieredCache build(TieredCache.Builder builder) {
    TieredCache cache = builder.connectTimeout(CONNECT_TIMEOUT).build();
    caches.add(cache);
    return cache;
  }

  private static TieredCache.Builder trustingPem(String uri) {
    return TieredCache.builder().redisUri(uri).tlsTrustPem(dir.resolve("ca.pem"));
  }

  /** Two instances over TLS: a fill reaches the other, and so do key and group invalidations. */
  private void worksEndToEnd(TieredCache a, TieredCache b, RedisServer server) {
    await().atMost(Duration.ofSeconds(10)).until(() -> a.health().state() == L2State.UP && b.health().state() == L2State.UP);
    AtomicInteger loads = new AtomicInteger();
    assertThat(a.cacheAside("movie:1", TTL, TEXT, () -> "one")).isEqualTo("one");
    await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(1).equals(server.command("EXISTS", "movie:1")));
    assertThat(b.cacheAside("movie:1", TTL, TEXT, () -> {
      loads.incrementAndGet();
      return "not from Redis";
    })).isEqualTo("one");
    assertThat(loads).hasValue(0);
    a.delete("movie:1");
    await().atMost(Duration.ofSeconds(5)).until(() -> "two".equals(b.cacheAside("movie:1", TTL, TEXT, () -> "two")));
    a.invalidatePrefix("movie:");
    await().atMost(Duration.ofSeconds(5)).until(() -> "three".equals(b.cacheAside("movie:1", TTL, TEXT, () -> "three")));
    assertThat(a.stats().l2Errors() + b.stats().l2Errors()).isZero();
  }

  @Test
  void aPemCaFile_withTheHostNameChecked_worksEndToEnd() {
    String uri = "rediss://localhost:" + tlsPort;
    worksEndToEnd(build(trustingPem(uri)), build(trustingPem(uri)), redis);
  }

  @Test
  void aPkcs12TrustStore_worksEndToEnd() {
    TieredCache.Builder builder = TieredCache.builder().redisUri("rediss://127.0.0.1:" + tlsPort)
        .tlsTrustStore(dir.resolve("trust.p12"), "changeit".toCharArray());
    TieredCache a = build(builder);
    TieredCache b = build(TieredCache.builder().redisUri("rediss://127.0.0.1:" + tlsPort)
        .tlsTrustStore(dir.resolve("trust.p12"), "changeit".toCharArray()));
    worksEndToEnd(a, b, redis);
    assertThat(a.toString()).doesNotContain("changeit");
  }

  @Test
  void aClientCertificate_worksEndToEnd_whenRedisAsksForOne() {
    String uri = "rediss://localhost:" + clientAuthPort;
    worksEndToEnd(
        build(trustingPem(uri).tlsClientCertificate(dir.resolve("client.pem"), dir.resolve("client.key"))),
        build(trustingPem(uri).tlsClientCertificate(dir.resolve("client.pem"), dir.resolve("client.key"))),
        redisWithClientAuth);
  }

  /** Connections Redis accepted so far (on both its ports). */
  private static long connectionsReceived(RedisServer server) {
    Matcher m = Pattern.compile("total_connections_received:(\\d+)").matcher((String) server.command("INFO", "stats"));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  private void refusedAtOnce(TieredCache.Builder builder, RedisServer server, String figure, String... inError) {
    build(trustingPem("rediss://localhost:" + tlsPort)).close(); // warm up TLS in this JVM: not part of the figure
    try (LogCapture log = LogCapture.start()) {
      long start = System.nanoTime();
      TieredCache cache = build(builder);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      CacheHealth health = cache.health();
      log.out().println("FIGURE: " + figure + ": build() returned, " + health.state() + ", after " + took.toMillis()
          + " ms (connect timeout " + CONNECT_TIMEOUT.toSeconds() + " s)");
      assertThat(health.state()).as("refused by the time build() returns").isEqualTo(L2State.REFUSED);
      assertThat(health.detail()).contains(inError);
      assertThat(cache.isL2Available()).isFalse();

      // L1 only: the loader and L1 serve.
      AtomicInteger loads = new AtomicInteger();
      for (int i = 0; i < 3; i++) {
        assertThat(cache.cacheAside("movie:1", TTL, TEXT, () -> "one " + loads.incrementAndGet())).isEqualTo("one 1");
      }
      cache.delete("movie:1");
      assertThat(cache.stats().l1Hits()).isEqualTo(2);
      assertThat(cache.stats().pendingInvalidations()).isZero();

      // Nothing retried: the only new connections are those of this check (one per look).
      long[] last = {connectionsReceived(server)};
      await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> {
        long now = connectionsReceived(server);
        boolean onlyOurs = now == last[0] + 1;
        last[0] = now;
        return onlyOurs;
      });
      List<String> errors = log.logged("ERROR", "");
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0)).contains("refuses this cache").contains(inError);
    }
  }

  @Test
  void aCertificateFromAnotherCa_makesBuildReturnAnL1OnlyCache_withOneError_andNoRetries() {
    refusedAtOnce(TieredCache.builder().redisUri("rediss://localhost:" + tlsPort).tlsTrustPem(dir.resolve("other-ca.pem")),
        redis, "TLS with a CA that did not sign the server's certificate", "TLS verification");
  }

  @Test
  void aCertificateForAnotherHost_makesBuildReturnAnL1OnlyCache_withOneError() {
    refusedAtOnce(trustingPem("rediss://127.0.0.1:" + otherHostPort), redisForOtherHost,
        "TLS with a certificate for another host name", "TLS verification");
  }

  @Test
  void aServerThatAsksForAClientCertificate_withoutOne_makesBuildReturnAnL1OnlyCache() {
    refusedAtOnce(trustingPem("rediss://localhost:" + clientAuthPort), redisWithClientAuth,
        "TLS without the client certificate Redis asks for", "certificate");
  }
}
