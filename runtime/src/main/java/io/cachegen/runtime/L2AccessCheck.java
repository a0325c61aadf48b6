package io.cachegen.runtime;

import io.cachegen.runtime.Scripts.Script;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Checks, on every (re)connection, that Redis grants what the cache needs, by doing it once on this
 * instance's probe key {@code {ns}:probe:<id>} (in the channels' slot): {@code DEL}; each script by
 * {@code EVAL} (which loads it) and {@code READ} by {@code EVALSHA}, which runs {@code TYPE},
 * {@code STRLEN}, {@code GET}, {@code PTTL}, {@code SET} and {@code DEL} inside; {@code GET}; the same
 * for a group token on the probe token key {@code ns:gen:{ns}:probe:<id>} (token keys live outside the
 * braces: {@link Settings#tokenKey}): {@code GET}, the token {@code SET} script, {@code DEL};
 * {@code PUBLISH} (or {@code SPUBLISH}) of an empty message on both channels (receivers drop empty
 * messages); {@code PING}. All in one pipelined round trip.
 *
 * <p>A {@code NOPERM} (or an unknown, e.g. renamed, command) is a refusal naming the step and the ACL
 * rule that grants it. OOM refusals say nothing about permissions and are ignored; a timeout, a dropped
 * connection or another error reply ({@code LOADING}, {@code READONLY} during a failover) means "try
 * again later".
 */
final class L2AccessCheck {

  /** What the check found: all granted, a refusal, or an outage (try again). */
  record Verdict(String refusal, L2.Failure outage) {
    static final Verdict GRANTED = new Verdict(null, null);

    boolean granted() {
      return refusal == null && outage == null;
    }
  }

  private record Step(String what, String grant, CompletableFuture<?> result) {}

  private L2AccessCheck() {}

  /** Runs the check over {@code connector}'s command connection. */
  static CompletableFuture<Verdict> run(
      RedisConnector connector, byte[] probeKey, byte[] tokenProbeKey, byte[] invalidationChannel,
      byte[] heartbeatChannel) {
    RedisClusterAsyncCommands<byte[], byte[]> c = connector.commands();
    if (c == null) {
      return CompletableFuture.completedFuture(
          new Verdict(null, new L2.Failure(L2.Failure.Kind.DISCONNECTED, "not connected")));
    }
    String key = new String(probeKey, StandardCharsets.UTF_8);
    String keyRule = "~" + keyPattern(key);
    String inv = new String(invalidationChannel, StandardCharsets.UTF_8);
    String tokenKey = new String(tokenProbeKey, StandardCharsets.UTF_8);
    String tokenRule = "~" + tokenKeyPattern(tokenKey);
    String hb = new String(heartbeatChannel, StandardCharsets.UTF_8);
    int hbEnd = hb.indexOf("}:hb:");
    String hbRule = "&" + (hbEnd < 0 ? hb : hb.substring(0, hbEnd + 5) + "*");
    byte[] lease = "cachegen-probe-lease".getBytes(StandardCharsets.UTF_8);
    byte[] other = "cachegen-probe-value".getBytes(StandardCharsets.UTF_8);
    byte[] ttl = "10000".getBytes(StandardCharsets.US_ASCII);
    String publish = connector.sharded() ? "+spublish" : "+publish";
    List<Step> steps = new ArrayList<>();
    steps.add(step("DEL " + key, "+del " + keyRule, () -> c.del(probeKey).toCompletableFuture()));
    steps.add(step("the READ script (EVAL; TYPE, STRLEN, GET, PTTL, SET inside) on " + key,
        "+eval +type +strlen +get +pttl +set " + keyRule,
        () -> Scripts.eval(c, Script.READ, probeKey, bytes(1 << 20), new byte[0], bytes(1), lease, ttl)));
    steps.add(step("the FILL script (EVAL; GET, SET inside) on " + key, "+eval +get +set " + keyRule,
        () -> Scripts.eval(c, Script.FILL, probeKey, lease, other, ttl)));
    steps.add(step("the READ script by EVALSHA (TYPE, STRLEN, GET, PTTL inside) on " + key,
        "+evalsha +type +strlen +get +pttl " + keyRule,
        () -> Scripts.run(c, Script.READ, probeKey, null, bytes(1 << 20), new byte[0], bytes(0), new byte[0], ttl)));
    steps.add(step("the value SET script (EVAL; SET inside) on " + key, "+eval +set " + keyRule,
        () -> Scripts.eval(c, Script.VALUE_SET, probeKey, lease, ttl)));
    steps.add(step("the RELEASE script (EVAL; GET, DEL inside) on " + key, "+eval +get +del " + keyRule,
        () -> Scripts.eval(c, Script.RELEASE, probeKey, lease)));
    steps.add(step("the token SET script (EVAL; SET inside) on " + key, "+eval +set " + keyRule,
        () -> Scripts.eval(c, Script.TOKEN_SET, probeKey, new byte[8], ttl)));
    steps.add(step("GET " + key, "+get " + keyRule, () -> c.get(probeKey).toCompletableFuture()));
    steps.add(step("DEL " + key, "+del " + keyRule, () -> c.del(probeKey).toCompletableFuture()));
    steps.add(step("GET " + tokenKey + " (a group token)", "+get " + tokenRule,
        () -> c.get(tokenProbeKey).toCompletableFuture()));
    steps.add(step("the token SET script (EVAL; SET inside) on " + tokenKey, "+eval +set " + tokenRule,
        () -> Scripts.eval(c, Script.TOKEN_SET, tokenProbeKey, new byte[8], ttl)));
    steps.add(step("DEL " + tokenKey, "+del " + tokenRule, () -> c.del(tokenProbeKey).toCompletableFuture()));
    steps.add(step((connector.sharded() ? "SPUBLISH " : "PUBLISH ") + inv, publish + " &" + inv,
        () -> connector.publish(invalidationChannel, new byte[0])));
    steps.add(step((connector.sharded() ? "SPUBLISH " : "PUBLISH ") + hb, publish + " " + hbRule,
        () -> connector.publish(heartbeatChannel, new byte[0])));
    steps.add(step("PING", "+ping", () -> c.ping().toCompletableFuture()));

    CompletableFuture<?>[] all = steps.stream().map(s -> s.result().exceptionally(e -> null)).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(all).thenApply(ignored -> verdict(steps));
  }

  private static Verdict verdict(List<Step> steps) {
    L2.Failure outage = null;
    for (Step step : steps) {
      Throwable error = step.result().handle((v, e) -> e).join();
      if (error == null) {
        continue;
      }
      L2.Failure failure = RedisFailures.of(error);
      if (RedisFailures.isNoPermission(failure)) {
        return new Verdict("Redis refuses " + step.what() + ": " + failure.message()
            + " (the user needs " + step.grant() + "; see LettuceL2 for the whole ACL rule)", null);
      }
      if (failure.kind() == L2.Failure.Kind.REFUSED && failure.message().startsWith("OOM")) {
        continue;
      }
      if (outage == null) {
        outage = failure;
      }
    }
    return outage == null ? Verdict.GRANTED : new Verdict(null, outage);
  }

  private static Step step(String what, String grant, Supplier<CompletableFuture<?>> command) {
    CompletableFuture<?> result;
    try {
      result = command.get();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return new Step(what, grant, result);
  }

  /** {@code {ns}:probe:<id>} → {@code {ns}:*}: the pattern that covers the namespace's keys. */
  private static String keyPattern(String probeKey) {
    int end = probeKey.indexOf("}:");
    return end < 0 ? probeKey : probeKey.substring(0, end + 2) + "*";
  }

  /** {@code ns:gen:{ns}:probe:<id>} → {@code ns:gen:*}: the pattern that covers every group token. */
  private static String tokenKeyPattern(String tokenProbeKey) {
    int end = tokenProbeKey.indexOf(":gen:");
    return end < 0 ? tokenProbeKey : tokenProbeKey.substring(0, end + 5) + "*";
  }

  private static byte[] bytes(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }
}
