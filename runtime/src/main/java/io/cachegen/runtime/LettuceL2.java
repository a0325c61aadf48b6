package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import io.cachegen.runtime.Scripts.Script;
import io.cachegen.runtime.internal.KeyParts;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link L2} over Lettuce, for one Redis server, a Sentinel set or Redis Cluster (see
 * {@code docs/freshness-protocol.md}, §3, §4, §8 and §10).
 *
 * <h2>Parts</h2>
 * {@link RedisUris} parses the URI; a {@link RedisConnector} per topology holds the command connection
 * ({@link StandaloneConnector} for one server and for Sentinel, {@link ClusterConnector} for Cluster);
 * {@link Scripts} holds the Lua scripts; {@link L2AccessCheck} checks permissions on every
 * (re)connection; {@link L2Subscription} keeps the subscription to the two channels;
 * {@link SharedClientResources} shares Lettuce's event loops between every instance of the JVM.
 *
 * <h2>States</h2>
 * {@link #start} returns at once and connects in the background, retrying every 1 ms to 500 ms
 * (doubling). Once connected, the access check runs; when it passes, {@link Listener#connected()} is
 * reported (and, the first time, the subscription starts). A dropped connection (or, on a cluster, a
 * dropped node connection or a changed set of masters) reports {@link Listener#outage}; Lettuce
 * reconnects within 500 ms of Redis coming back, the check runs again, and {@code connected()} follows.
 * A refusal (authentication, TLS verification, a missing permission at the check or {@code NOPERM} on
 * any later command) is reported once with {@link Listener#refused}; then the connections close and
 * every call fails with {@link Failure.Kind#REFUSED}. Commands are never queued while disconnected
 * (Lettuce rejects them at once) and never retried.
 *
 * <h2>Names</h2>
 * The invalidation channel is {@code {ns}:invalidations}, this instance's heartbeat channel
 * {@code {ns}:hb:<id>} and its probe key {@code {ns}:probe:<id>}: one hash slot, so on a cluster one
 * shard, with sharded pub/sub.
 *
 * <h2>Least privilege (Redis ACL)</h2>
 * For namespace {@code cachegen} and cache keys under {@code movie:} (one {@code ~} pattern per
 * {@code @Cached} prefix, or {@code ~*}):
 * <pre>
 * ACL SETUSER app on &gt;password resetkeys ~{cachegen}:* ~cachegen:gen:* ~movie:* resetchannels
 *     &amp;{cachegen}:invalidations &amp;{cachegen}:hb:* -&#64;all +eval +evalsha +get +set +del +type +strlen +pttl
 *     +publish +subscribe +ping
 * </pre>
 * ({@code ~cachegen:gen:*} covers the group tokens, which live outside the braces: see
 * {@link io.cachegen.runtime.Settings#tokenKey}; tested by {@code LettuceL2AclTest} and, through {@code TieredCache}, by
 * {@code TieredCacheAclTest}, on Redis 7.0). On a cluster, {@code +spublish +ssubscribe} replace
 * {@code +publish +subscribe}, and Lettuce's topology refresh needs {@code +cluster|nodes +info} (not yet
 * tested with an ACL user). {@code HELLO} and {@code AUTH} need no grant.
 *
 * <h2>TLS</h2>
 * {@code rediss://} (and {@code rediss-cluster://}, {@code rediss-sentinel://}) verify the server's
 * certificate chain and host name ({@code ?verifyPeer=CA} skips the host name, {@code NONE} everything)
 * against the JVM's trusted CAs, or those of {@link RedisTls} ({@link RedisTls#trustPem} for a PEM CA file,
 * {@link RedisTls#trustStore} for a PKCS#12 or JKS trust store), and present a client certificate when
 * {@link RedisTls#withClientCertificate} names one (for {@code tls-auth-clients yes}, Redis's default).
 */
final class LettuceL2 implements L2 {
  private static final Logger log = LoggerFactory.getLogger(LettuceL2.class);
  /** The default namespace: {@code {cachegen}:...}. */
  static final String DEFAULT_NAMESPACE = "cachegen";
  private static final Failure CLOSED = L2Lifecycle.CLOSED;

  private final LettuceSettings settings;
  private final RedisUris.Target target;
  private final String description;
  private final byte[] invalidationChannel;
  private final byte[] heartbeatChannel;
  private final SharedClientResources.Lease resources;
  private final L2Scheduler scheduler;
  private final L2Lifecycle lifecycle;
  private final RedisConnector connector;
  private final Map<CompletableFuture<?>, Runnable> inFlight = new ConcurrentHashMap<>();

  /**
   * Parses the URI and prepares the clients; connects nothing until {@link #start}.
   *
   * @throws IllegalArgumentException for a URI that cannot be used or unreadable TLS files, with a
   *     message that holds no password
   */
  LettuceL2(LettuceSettings settings) {
    this.settings = requireNonNull(settings, "settings");
    this.target = RedisUris.parse(settings.uri());
    if (settings.tls() != null && !target.tls()) {
      throw new IllegalArgumentException(
          "TLS settings are given for " + target.describe() + ", which does not use TLS (use rediss://)");
    }
    this.description = target.describe();
    String ns = "{" + settings.namespace() + "}:";
    this.invalidationChannel = (ns + "invalidations").getBytes(StandardCharsets.UTF_8);
    this.heartbeatChannel = (ns + "hb:" + settings.instanceId()).getBytes(StandardCharsets.UTF_8);
    byte[] probeKey = (ns + "probe:" + settings.instanceId()).getBytes(StandardCharsets.UTF_8);
    byte[] tokenProbeKey = (settings.namespace() + ":gen:" + ns + "probe:" + settings.instanceId())
        .getBytes(StandardCharsets.UTF_8);
    if (SlotHash.getSlot(invalidationChannel) != SlotHash.getSlot(heartbeatChannel)) {
      throw new IllegalStateException("the channels must share a hash slot");
    }
    SslOptions ssl = !target.tls() ? null
        : settings.tls() != null ? settings.tls().sslOptions(settings.connectTimeout())
        : SslOptions.builder().jdkSslProvider().handshakeTimeout(settings.connectTimeout()).build();
    this.resources = SharedClientResources.acquire();
    this.scheduler = new L2Scheduler(resources.resources().eventExecutorGroup());
    this.lifecycle = new L2Lifecycle(
        description, invalidationChannel, heartbeatChannel, probeKey, tokenProbeKey, scheduler);
    RedisConnector.Events events = lifecycle.events();
    try {
      this.connector = target.topology() == RedisUris.Topology.CLUSTER
          ? new ClusterConnector(resources.resources(), target, description, settings.connectTimeout(),
              settings.commandTimeout(), ssl, events)
          : new StandaloneConnector(resources.resources(), target.redisUri(settings.commandTimeout()), description,
              settings.connectTimeout(), settings.commandTimeout(), ssl, events);
    } catch (RuntimeException e) {
      resources.close();
      throw e;
    }
    lifecycle.bind(connector);
  }

  /** The invalidation channel's name. */
  String invalidationChannel() {
    return new String(invalidationChannel, StandardCharsets.UTF_8);
  }

  /** This instance's heartbeat channel's name. */
  String heartbeatChannel() {
    return new String(heartbeatChannel, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------
  // Connection states: L2Lifecycle

  @Override
  public void start(Listener listener) {
    lifecycle.start(listener);
  }

  @Override
  public boolean isConnected() {
    return lifecycle.isConnected();
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return "LettuceL2[" + description + (isConnected() ? ", connected" : ", not connected") + "]";
  }

  @Override
  public void close() {
    if (!lifecycle.close()) {
      return;
    }
    scheduler.close();
    inFlight.values().forEach(Runnable::run);
    connector.close();
    resources.close();
    log.debug("Closed L2 at {}", description);
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  @Override
  public CompletableFuture<ReadReply> read(ReadRequest request) {
    byte[] key = encode(request.key(), "key");
    List<byte[]> tokenKeys = new ArrayList<>(request.tokenKeys().size());
    for (String tokenKey : request.tokenKeys()) {
      tokenKeys.add(encode(tokenKey, "token key"));
    }
    CompletableFuture<ReadReply> reply = track(new CompletableFuture<>(), ReadReply::failed);
    RedisClusterAsyncCommands<byte[], byte[]> c = commandsOrFail(reply, ReadReply::failed);
    if (c == null) {
      return reply;
    }
    try {
      byte[] digest = request.deadDigest() == null ? new byte[0]
          : HexFormat.of().formatHex(request.deadDigest()).getBytes(StandardCharsets.US_ASCII);
      boolean leased = request.lease() != null;
      CompletableFuture<List<Object>> script = Scripts.run(c, Script.READ, key, null,
          number(request.maxValueBytes()), digest, number(leased ? 1 : 0),
          leased ? request.lease() : new byte[0], number(Math.max(1, request.leaseMillis())));
      List<CompletableFuture<byte[]>> gets = new ArrayList<>(tokenKeys.size());
      for (byte[] tokenKey : tokenKeys) {
        gets.add(c.get(tokenKey).toCompletableFuture());
      }
      List<CompletableFuture<?>> all = new ArrayList<>(gets);
      all.add(script);
      CompletableFuture.allOf(all.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
          .whenComplete((ignored, error) -> complete(reply, () -> readReply(script, gets), ReadReply::failed));
    } catch (RuntimeException e) {
      reply.complete(ReadReply.failed(RedisFailures.of(e)));
    }
    return reply;
  }

  private ReadReply readReply(CompletableFuture<List<Object>> script, List<CompletableFuture<byte[]>> gets) {
    Failure failure = failureOf(script);
    long[] tokens = new long[gets.size()];
    for (int i = 0; i < gets.size() && failure == null; i++) {
      failure = failureOf(gets.get(i));
      if (failure == null) {
        tokens[i] = token(gets.get(i).join());
      }
    }
    if (failure != null) {
      noticePermission(failure);
      return ReadReply.failed(failure);
    }
    List<Object> r = script.join();
    long kind = (Long) r.get(0);
    if (kind == 1) {
      return new ReadReply(ReadReply.Kind.VALUE, (byte[]) r.get(1), (Long) r.get(2), ReadReply.Removed.NOTHING, tokens,
          null);
    }
    ReadReply.Removed removed = switch (((Long) r.get(1)).intValue()) {
      case 1 -> ReadReply.Removed.WRONG_TYPE;
      case 2 -> ReadReply.Removed.OVERSIZED;
      default -> ReadReply.Removed.NOTHING;
    };
    return new ReadReply(kind == 2 ? ReadReply.Kind.GRANTED : ReadReply.Kind.EMPTY, null, 0, removed, tokens, null);
  }

  /**
   * A token's 8 bytes as a big-endian {@code long}; 0 for an absent token key. A value of another length
   * (not written by cachegen) is hashed to a non-zero token, so that it reads as some token that only an
   * invalidation replaces.
   */
  static long token(byte[] bytes) {
    if (bytes == null) {
      return 0;
    }
    if (bytes.length == Long.BYTES) {
      return ByteBuffer.wrap(bytes).getLong();
    }
    long hash = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
    }
    return hash == 0 ? 1 : hash;
  }

  static byte[] tokenBytes(long token) {
    return ByteBuffer.allocate(Long.BYTES).putLong(token).array();
  }

  @Override
  public void resubscribe() {
    lifecycle.resubscribe("Redis had no subscriber on this instance's heartbeat channel");
  }

  @Override
  public CompletableFuture<Result> fill(String key, byte[] lease, byte[] envelope, long ttlMillis) {
    byte[] k = encode(key, "key");
    requireNonNull(lease, "lease");
    requireNonNull(envelope, "envelope");
    return script(Script.FILL, k, lease, envelope, number(ttlMillis));
  }

  @Override
  public CompletableFuture<Result> release(String key, byte[] lease) {
    byte[] k = encode(key, "key");
    requireNonNull(lease, "lease");
    return script(Script.RELEASE, k, lease);
  }

  private CompletableFuture<Result> script(Script script, byte[] key, byte[]... args) {
    CompletableFuture<Result> result = track(new CompletableFuture<>(), Result::failed);
    RedisClusterAsyncCommands<byte[], byte[]> c = commandsOrFail(result, Result::failed);
    if (c == null) {
      return result;
    }
    try {
      Scripts.<Long>run(c, script, key, null, args).whenComplete((n, e) -> complete(result, n, e));
    } catch (RuntimeException e) {
      result.complete(Result.failed(RedisFailures.of(e)));
    }
    return result;
  }

  @Override
  public CompletableFuture<WriteReply> write(WriteRequest request) {
    List<byte[]> deletes = new ArrayList<>(request.deletes().size());
    for (String key : request.deletes()) {
      deletes.add(encode(key, "key"));
    }
    List<byte[]> tokenKeys = new ArrayList<>(request.tokens().size());
    for (TokenSet token : request.tokens()) {
      tokenKeys.add(encode(token.tokenKey(), "token key"));
    }
    byte[] valueKey = request.value() == null ? null : encode(request.value().key(), "key");
    byte[] message = request.message();

    CompletableFuture<WriteReply> reply = track(new CompletableFuture<>(), f -> failedWrite(request, f));
    RedisClusterAsyncCommands<byte[], byte[]> c = commandsOrFail(reply, f -> failedWrite(request, f));
    if (c == null) {
      return reply;
    }
    List<CompletableFuture<?>> parts = new ArrayList<>();
    AtomicBoolean fellBack = new AtomicBoolean();
    List<CompletableFuture<Long>> deleted = new ArrayList<>();
    List<CompletableFuture<Long>> tokens = new ArrayList<>();
    CompletableFuture<Long> value = null;
    try {
      for (byte[] key : deletes) {
        deleted.add(dispatch(() -> c.del(key).toCompletableFuture()));
      }
      for (int i = 0; i < tokenKeys.size(); i++) {
        TokenSet token = request.tokens().get(i);
        byte[] key = tokenKeys.get(i);
        tokens.add(dispatch(() -> Scripts.run(c, Script.TOKEN_SET, key, fellBack,
            tokenBytes(token.token()), number(token.ttlMillis()))));
      }
      if (valueKey != null) {
        ValueSet v = request.value();
        value = dispatch(() -> Scripts.run(c, Script.VALUE_SET, valueKey, fellBack, v.envelope(), number(v.ttlMillis())));
      }
    } catch (RuntimeException e) {
      reply.complete(failedWrite(request, RedisFailures.of(e)));
      return reply;
    }
    parts.addAll(deleted);
    parts.addAll(tokens);
    if (value != null) {
      parts.add(value);
    }
    CompletableFuture<Void> partsDone =
        CompletableFuture.allOf(parts.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new));
    CompletableFuture<Long> finalValue = value;
    if (message == null) {
      partsDone.whenComplete((ignored, error) -> complete(reply,
          () -> writeReply(deleted, tokens, finalValue, CompletableFuture.completedFuture(Result.ok(0))),
          f -> failedWrite(request, f)));
    } else if (connector.ordered()) {
      // One connection: Redis runs the PUBLISH after the changes sent before it; all in one round trip.
      CompletableFuture<Long> published = dispatch(() -> connector.publish(invalidationChannel, message));
      CompletableFuture.allOf(partsDone, published.exceptionally(e -> null)).whenComplete((ignored, error) -> {
        CompletableFuture<Result> publishedResult;
        if (fellBack.get()) {
          // A script ran by EVAL after NOSCRIPT, a round trip after the PUBLISH: announce the changes again.
          publishedResult = new CompletableFuture<>();
          dispatch(() -> connector.publish(invalidationChannel, message))
              .whenComplete((n, e) -> complete(publishedResult, n, e));
        } else {
          publishedResult = CompletableFuture.completedFuture(resultOf(published));
        }
        complete(reply, () -> writeReply(deleted, tokens, finalValue, publishedResult), f -> failedWrite(request, f));
      });
    } else {
      // Several shards: the PUBLISH goes once every change has been answered, and is not awaited.
      partsDone.whenComplete((ignored, error) -> {
        CompletableFuture<Result> publishedResult = track(new CompletableFuture<>(), Result::failed);
        dispatch(() -> connector.publish(invalidationChannel, message))
            .whenComplete((n, e) -> complete(publishedResult, n, e));
        complete(reply, () -> writeReply(deleted, tokens, finalValue, publishedResult), f -> failedWrite(request, f));
      });
    }
    return reply;
  }

  private WriteReply writeReply(
      List<CompletableFuture<Long>> deleted,
      List<CompletableFuture<Long>> tokens,
      CompletableFuture<Long> value,
      CompletableFuture<Result> published) {
    Failure[] deleteFailures = new Failure[deleted.size()];
    for (int i = 0; i < deleted.size(); i++) {
      deleteFailures[i] = noticePermission(failureOf(deleted.get(i)));
    }
    Failure[] tokenFailures = new Failure[tokens.size()];
    for (int i = 0; i < tokens.size(); i++) {
      tokenFailures[i] = noticePermission(failureOf(tokens.get(i)));
    }
    Failure valueFailure = value == null ? null : noticePermission(failureOf(value));
    return new WriteReply(deleteFailures, tokenFailures, valueFailure, published);
  }

  private static WriteReply failedWrite(WriteRequest request, Failure failure) {
    Failure[] deletes = new Failure[request.deletes().size()];
    java.util.Arrays.fill(deletes, failure);
    Failure[] tokens = new Failure[request.tokens().size()];
    java.util.Arrays.fill(tokens, failure);
    return new WriteReply(deletes, tokens, request.value() == null ? null : failure,
        CompletableFuture.completedFuture(request.message() == null ? Result.ok(0) : Result.failed(failure)));
  }

  @Override
  public CompletableFuture<Result> heartbeat(byte[] payload) {
    requireNonNull(payload, "payload");
    return simple(() -> connector.publish(heartbeatChannel, payload));
  }

  @Override
  public CompletableFuture<Result> ping() {
    return simple(connector::ping);
  }

  private CompletableFuture<Result> simple(java.util.function.Supplier<CompletableFuture<Long>> command) {
    CompletableFuture<Result> result = track(new CompletableFuture<>(), Result::failed);
    if (commandsOrFail(result, Result::failed) == null) {
      return result;
    }
    dispatch(command).whenComplete((n, e) -> complete(result, n, e));
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /**
   * The command API if L2 can take commands now (Lettuce still rejects them at once while the connection
   * is down); otherwise completes {@code future} with why not and returns {@code null}.
   */
  private <T> RedisClusterAsyncCommands<byte[], byte[]> commandsOrFail(
      CompletableFuture<T> future, java.util.function.Function<Failure, T> failed) {
    Failure why = lifecycle.whyNot();
    RedisClusterAsyncCommands<byte[], byte[]> c = why == null ? connector.commands() : null;
    if (c == null) {
      future.complete(failed.apply(why == null ? L2Lifecycle.NOT_CONNECTED : why));
    }
    return c;
  }


  /** Keeps {@code future} until it completes, so that {@link #close()} can fail it. */
  private <T> CompletableFuture<T> track(CompletableFuture<T> future, java.util.function.Function<Failure, T> failed) {
    inFlight.put(future, () -> future.complete(failed.apply(CLOSED)));
    future.whenComplete((v, e) -> inFlight.remove(future));
    if (lifecycle.isClosed()) {
      future.complete(failed.apply(CLOSED));
    }
    return future;
  }

  /** Sends a command; a command that throws instead of failing its future fails the future. */
  private static <T> CompletableFuture<T> dispatch(java.util.function.Supplier<CompletableFuture<T>> command) {
    try {
      return command.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void complete(CompletableFuture<Result> result, Long value, Throwable error) {
    if (error != null) {
      result.complete(Result.failed(noticePermission(RedisFailures.of(error))));
    } else {
      result.complete(Result.ok(value == null ? 0 : value));
    }
  }

  private <T> void complete(
      CompletableFuture<T> future,
      java.util.function.Supplier<T> value,
      java.util.function.Function<Failure, T> failed) {
    try {
      future.complete(value.get());
    } catch (RuntimeException e) {
      future.complete(failed.apply(new Failure(Failure.Kind.REFUSED, "unexpected reply: " + e)));
    }
  }

  private static Failure failureOf(CompletableFuture<?> future) {
    return future.handle((v, e) -> e == null ? null : RedisFailures.of(e)).join();
  }

  private Result resultOf(CompletableFuture<Long> future) {
    Failure failure = noticePermission(failureOf(future));
    return failure != null ? Result.failed(failure) : Result.ok(future.join() == null ? 0 : future.join());
  }

  /** A {@code NOPERM} on any command is a refusal: reported once. Returns {@code failure}. */
  private Failure noticePermission(Failure failure) {
    if (RedisFailures.isNoPermission(failure)) {
      lifecycle.refuseLater("Redis refused a command: " + failure.message() + " (" + description
          + "; see LettuceL2 for the ACL rule the cache needs)");
    }
    return failure;
  }

  private static byte[] encode(String text, String what) {
    requireNonNull(text, what);
    if (!KeyParts.isWellFormed(text)) {
      throw new IllegalArgumentException(
          "the " + what + " is not well-formed UTF-16 (it holds a lone surrogate, which UTF-8 cannot encode): "
              + KeyParts.part(text));
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] number(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

}
