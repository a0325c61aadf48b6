package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link RedisUris}: every accepted form, and no password in any description or message. */
class RedisUrisTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @Test
  void plainUri_isOneServer() {
    RedisUris.Target t = RedisUris.parse("redis://127.0.0.1:6380/2?clientName=app");
    assertThat(t.topology()).isEqualTo(RedisUris.Topology.STANDALONE);
    assertThat(t.hosts()).containsExactly(new RedisUris.HostAndPort("127.0.0.1", 6380));
    assertThat(t.database()).isEqualTo(2);
    assertThat(t.tls()).isFalse();
    assertThat(t.describe()).isEqualTo("redis://127.0.0.1:6380/2?clientName=app");
    RedisURI uri = t.redisUri(TIMEOUT);
    assertThat(uri.getHost()).isEqualTo("127.0.0.1");
    assertThat(uri.getPort()).isEqualTo(6380);
    assertThat(uri.getDatabase()).isEqualTo(2);
    assertThat(uri.getClientName()).isEqualTo("app");
  }

  @Test
  void defaultPort_is6379_andSentinelPort26379() {
    assertThat(RedisUris.parse("redis://localhost").hosts()).containsExactly(new RedisUris.HostAndPort("localhost", 6379));
    assertThat(RedisUris.parse("redis-sentinel://s1,s2:26380#m").hosts())
        .containsExactly(new RedisUris.HostAndPort("s1", 26379), new RedisUris.HostAndPort("s2", 26380));
  }

  @Test
  void rediss_usesTls_withFullVerificationUnlessTold() {
    assertThat(RedisUris.parse("rediss://h:1").verifyMode()).isEqualTo(SslVerifyMode.FULL);
    assertThat(RedisUris.parse("rediss://h:1?verifyPeer=CA").verifyMode()).isEqualTo(SslVerifyMode.CA);
    assertThat(RedisUris.parse("rediss://h:1?verifyPeer=NONE").describe()).isEqualTo("rediss://h:1?verifyPeer=NONE");
    RedisURI uri = RedisUris.parse("rediss://h:1").redisUri(TIMEOUT);
    assertThat(uri.isSsl()).isTrue();
    assertThat(uri.getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
  }

  @Test
  void sentinelUri_namesTheSentinelsAndTheMaster() {
    RedisUris.Target t = RedisUris.parse("redis-sentinel://:pw@127.0.0.1:26379,127.0.0.1:26380/1#mymaster");
    assertThat(t.topology()).isEqualTo(RedisUris.Topology.SENTINEL);
    assertThat(t.sentinelMasterId()).isEqualTo("mymaster");
    RedisURI uri = t.redisUri(TIMEOUT);
    assertThat(uri.getSentinels()).hasSize(2);
    assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(uri.getDatabase()).isEqualTo(1);
    assertThat(new String(uri.getCredentialsProvider().resolveCredentials().block().getPassword())).isEqualTo("pw");
    assertThat(RedisUris.parse("redis-sentinel://h?sentinelMasterId=m").sentinelMasterId()).isEqualTo("m");
    assertThatThrownBy(() -> RedisUris.parse("redis-sentinel://h:26379"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#mymaster");
  }

  @Test
  void clusterUri_namesSeedNodes_withTlsForRedissCluster() {
    RedisUris.Target t = RedisUris.parse("rediss-cluster://user:pw@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002");
    assertThat(t.topology()).isEqualTo(RedisUris.Topology.CLUSTER);
    assertThat(t.tls()).isTrue();
    assertThat(t.hosts()).extracting(RedisUris.HostAndPort::port).containsExactly(7000, 7001, 7002);
    assertThat(t.hosts().get(2).host()).isEqualTo("::1");
    List<RedisURI> seeds = t.seedUris(TIMEOUT);
    assertThat(seeds).hasSize(3).allSatisfy(u -> assertThat(u.isSsl()).isTrue());
    assertThat(t.describe()).isEqualTo("rediss-cluster://user:****@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002");
    assertThatThrownBy(() -> RedisUris.parse("redis-cluster://h:1/3")).hasMessageContaining("database 0");
  }

  @Test
  void aUserAndPassword_areAnAclUser_aLoneTokenIsThePassword() {
    RedisUris.Target acl = RedisUris.parse("redis://alice:s3cret@h:1");
    assertThat(acl.username()).isEqualTo("alice");
    assertThat(new String(acl.password())).isEqualTo("s3cret");
    assertThat(acl.describe()).isEqualTo("redis://alice:****@h:1");
    RedisUris.Target legacy = RedisUris.parse("redis://s3cret@h:1");
    assertThat(legacy.username()).isNull();
    assertThat(new String(legacy.password())).isEqualTo("s3cret");
    assertThat(legacy.describe()).isEqualTo("redis://****@h:1");
    assertThat(RedisUris.parse("redis://:s3cret@h:1").username()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sec@ret", "se/cret", "se:cret", "se?cret", "se#cret", "se+cret", "se cret", "@/:?#+ x"})
  void passwordsWithSpecialCharacters_parseWrittenAsTheyAre_andNeverShow(String password) {
    RedisUris.Target t = RedisUris.parse("redis://app:" + password + "@127.0.0.1:6379/0");
    assertThat(new String(t.password())).isEqualTo(password);
    assertThat(t.username()).isEqualTo("app");
    assertThat(t.hosts()).containsExactly(new RedisUris.HostAndPort("127.0.0.1", 6379));
    assertThat(t.describe()).isEqualTo("redis://app:****@127.0.0.1:6379").doesNotContain(password);
    assertThat(t.toString()).doesNotContain(password);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sec@ret", "se/cret", "se:cret", "se?cret", "se#cret", "se+cret", "se cret", "50%off", "%"})
  void passwordsPercentEncoded_decodeToThePassword(String password) {
    String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
    RedisUris.Target t = RedisUris.parse("redis://app:" + encoded + "@127.0.0.1:6379");
    assertThat(new String(t.password())).isEqualTo(password);
    assertThat(t.describe()).doesNotContain(password).doesNotContain(encoded);
  }

  @Test
  void aPlusStaysAPlus() {
    assertThat(new String(RedisUris.parse("redis://a+b@h").password())).isEqualTo("a+b");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "redis://app:50%off@h:1",
      "redis://app:s3cret@h:notaport",
      "redis://app:s3cret@h:1,h:2",
      "redis://app:s3cret@h:1?password=x",
      "redis://app:s3cret@h:1/x",
      "redis://app:s3cret@",
      "redis://app:s3cret@h:1?verifyPeer=maybe",
      "redis://app:s3cret@h 1:1",
      "memcached://app:s3cret@h:1",
      "app:s3cret@h:1"})
  void badUris_areRejected_withMessagesThatHoldNoPassword(String uri) {
    assertThatThrownBy(() -> RedisUris.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> {
          assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("50%off");
          assertThat(e.getCause()).isNull();
        });
  }
}
