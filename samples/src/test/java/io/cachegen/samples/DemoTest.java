package io.cachegen.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.samples.demo.DemoMain;
import io.cachegen.testing.RedisServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo runs end to end, as its README command runs it, and finds no stale read. */
class DemoTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private record Run(int status, String output) {}

  private static Run demo(Map<String, String> env, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = DemoMain.run(args, env, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Run(status, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void l1Only_runsTheWorkload_andReportsNoStaleRead() {
    Run run = demo(Map.of(), "--small", "--requests", "4000", "--no-progress");

    assertThat(run.status()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("L1 only")
        .contains("latency p99")
        .contains("DB queries saved")
        .contains("read-your-writes checks")
        .contains("stale reads: 0")
        .doesNotContain("errors:");
  }

  @Test
  void twoInstancesOnOneRedis_seeEachOthersWrites_andReportNoStaleRead() {
    Run run = demo(Map.of(), "--small", "--requests", "4000", "--no-progress", "--redis", redis.uri(), "--instances", "2");

    assertThat(run.status()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("L2 (Redis " + redis.uri() + ")")
        .contains("2 app instances")
        .contains("cross-instance checks")
        .contains("stale reads: 0")
        .doesNotContain("errors:");
  }

  @Test
  void cacheUrlFromTheEnvironment_addsL2_onlyWhenCacheEnabledIsTrue() {
    Run enabled =
        demo(Map.of("CACHE_URL", redis.uri(), "CACHE_ENABLED", "true"), "--small", "--requests", "1000", "--no-progress");
    Run disabled = demo(Map.of("CACHE_URL", redis.uri()), "--small", "--requests", "1000", "--no-progress");

    assertThat(enabled.output()).contains("L2 (Redis " + redis.uri() + ")").contains("stale reads: 0");
    assertThat(disabled.output()).contains("L1 only");
  }

  @Test
  void twoInstancesWithoutRedis_isRefused_becauseNeitherWouldHearTheOthersInvalidations() {
    Run run = demo(Map.of(), "--instances", "2");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.output()).contains("--instances 2 needs --redis");
  }
}
