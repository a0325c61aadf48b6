package io.cachegen.runtime;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * L2: one shared Lettuce connection for commands and a dedicated one subscribed to the invalidation
 * channel. Connects in the background and reconnects by itself; while it is not connected every
 * command is skipped at once (Lettuce rejects commands on a disconnected connection instead of
 * queueing them), so callers fall back to L1 and the loader without waiting.
 *
 * <p>Invalidations are published on the channel after the change, on the command connection, and every
 * other instance acknowledges on {@code <channel>:ack:<sender>} once it has fenced and dropped the keys;
 * then the change is applied once more (see {@link #finishInvalidation}). A command that times out opens
 * a circuit breaker; invalidations Redis did not take are kept and applied before L2 is read again.
 *
 * <p>Every future this class returns completes normally: with {@code null} when Redis could not answer
 * (the failure is counted and logged without flooding).
 */
final class RedisTier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisTier.class);
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  private static final JsonMapper MESSAGES = JsonMapper.builder().build();
  /** Keys SCAN looks at per call: fewer round trips per sweep, each still well under a millisecond of Redis time. */
  private static final int SCAN_COUNT = 5000;
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);
  private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** What the invalidation channel delivers from other instances. Called on a Redis I/O thread: must not block. */
  interface Listener {
    void keysInvalidated(List<String> keys);

    void prefixesInvalidated(List<String> prefixes);

    /** The channel dropped or came back: invalidations may have been missed. */
    void channelInterrupted();
  }

  /** A value read from L2 with its remaining TTL in milliseconds (-1 for none). */
  record Entry(byte[] value, long pttl) {
    static final Entry MISS = new Entry(new byte[0], -2);

    /** How long L1 may keep this value: its remaining TTL, at most {@code cap}; null if it is about to expire. */
    Duration l1Ttl(Duration cap) {
      if (pttl == -1) {
        return cap;
      }
      if (pttl <= 0) {
        return null;
      }
      return pttl < cap.toMillis() ? Duration.ofMillis(pttl) : cap;
    }
  }

  /**
   * An invalidation as published on the channel. {@code sender} lets an instance skip its own; a
   * non-null {@code request} asks every receiver to acknowledge on the sender's ack channel once it has
   * fenced and dropped the keys.
   */
  record Message(String sender, List<String> keys, List<String> prefixes, String request) {}

  /**
   * The first round of a {@code SET} from {@link TieredCache#set}: the write and an acknowledged
   * message, dispatched under the caller's fence lock but not yet awaited. {@link #complete} finishes it.
   */
  final class Round {
    private final Function<RedisAsyncCommands<String, byte[]>, CompletionStage<?>> change;
    private final List<String> keys;
    private final CompletableFuture<?> changed;
    private final CompletableFuture<Long> receivers;
    private final String request;
    private final Semaphore acks;

    private Round(
        Function<RedisAsyncCommands<String, byte[]>, CompletionStage<?>> change,
        List<String> keys,
        CompletableFuture<?> changed,
        CompletableFuture<Long> receivers,
        String request,
        Semaphore acks) {
      this.change = change;
      this.keys = keys;
      this.changed = changed;
      this.receivers = receivers;
      this.request = request;
      this.acks = acks;
    }
  }

  private final RedisClient client;
  private final RedisURI uri;
  private final String redactedUri;
  private final String channel;
  private final String instanceId;
  private final Listener listener;
  private final StatsCounter stats;
  private final Duration commandTimeout;
  private final ScheduledExecutorService reconnector;
  private final String ackChannel;
  private final ConcurrentHashMap<String, Semaphore> awaitingAcks = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();

  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile StatefulRedisPubSubConnection<String, byte[]> pubsub;
  private volatile boolean closed;
  /** Set while Redis is known to hang: commands are skipped until a background PING is answered. */
  private final AtomicBoolean breakerOpen = new AtomicBoolean();
  /** Invalidations Redis did not receive; L2 is not read again until they are applied. */
  private final PendingInvalidations pending = new PendingInvalidations(PendingInvalidations.DEFAULT_MAX_KEYS);
  private final AtomicBoolean subscribedBefore = new AtomicBoolean();
  /** Whether this instance hears invalidations now; while it does not, it writes no loaded values to L2. */
  private volatile boolean listening;
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
  private final AtomicLong suppressedWarnings = new AtomicLong();

  RedisTier(
      String uriText,
      Duration connectTimeout,
      Duration commandTimeout,
      String channel,
      String instanceId,
      Listener listener,
      StatsCounter stats) {
    this.uri = RedisURI.create(uriText);
    this.uri.setTimeout(commandTimeout);
    this.redactedUri = redact(uriText);
    this.channel = channel;
    this.ackChannel = channel + ":ack:" + instanceId;
    this.instanceId = instanceId;
    this.listener = listener;
    this.stats = stats;
    this.commandTimeout = commandTimeout;
    this.client = RedisClient.create();
    this.client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            .build());
    this.reconnector =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "cachegen-redis-connect");
          t.setDaemon(true);
          return t;
        });
    this.reconnector.scheduleWithFixedDelay(() -> {
      try {
        replayPending();
      } catch (RuntimeException e) {
        log.warn("Could not apply pending invalidations to Redis at {}; will retry", redactedUri, e);
      }
    }, 500, 500, TimeUnit.MILLISECONDS);
    CompletableFuture<?> first = connect(Duration.ofMillis(100));
    CompletableFuture<?> firstPubSub = connectPubSub(Duration.ofMillis(100));
    try {
      CompletableFuture.allOf(first, firstPubSub).get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Logged by connect(); the cache serves from L1 and keeps trying.
    }
  }

  /** Throws an {@link IllegalArgumentException} naming the problem if {@code uri} cannot be used. */
  static void validate(String uri) {
    if (uri.startsWith("redis-cluster://") || uri.startsWith("rediss-cluster://")) {
      throw new IllegalArgumentException(
          "Redis Cluster URIs are not supported by this version of cachegen: " + redact(uri));
    }
    try {
      RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Redis URI: " + redact(uri) + " (" + e.getMessage() + ")", e);
    }
  }

  private static String globEscape(String prefix) {
    return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }

  /** The URI with any password replaced by {@code ****}. */
  static String redact(String uri) {
    return uri.replaceAll("(://[^:@/]*:)[^@/]*@", "$1****@").replaceAll("(://)([^:@/]+)@", "$1****@");
  }

  // ---------------------------------------------------------------------------------------------
  // Connections

  private CompletableFuture<?> connect(Duration retryDelay) {
    return client.connectAsync(CODEC, uri)
        .toCompletableFuture()
        .whenComplete((c, error) -> {
          if (error != null) {
            warn("Redis at {} is unreachable ({}); serving from L1 and retrying", redactedUri, error);
            retry(() -> connect(next(retryDelay)), retryDelay);
          } else if (closed) {
            c.closeAsync();
          } else {
            c.addListener(new StateLogger("commands"));
            connection = c;
            log.info("Connected to Redis at {}", redactedUri);
          }
        });
  }

  private CompletableFuture<?> connectPubSub(Duration retryDelay) {
    return client.connectPubSubAsync(CODEC, uri)
        .toCompletableFuture()
        .thenCompose(c -> {
          if (closed) {
            c.closeAsync();
            return CompletableFuture.completedFuture(null);
          }
          c.addListener(new Subscriber());
          c.addListener(new StateLogger("invalidation channel") {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
              super.onRedisDisconnected(handler);
              listening = false;
              listener.channelInterrupted();
            }
          });
          pubsub = c;
          return c.async().subscribe(channel, ackChannel).toCompletableFuture();
        })
        .whenComplete((ignored, error) -> {
          if (error != null) {
            warn("Cannot subscribe to {} at {} ({}); retrying", channel, redactedUri, error);
            StatefulRedisPubSubConnection<String, byte[]> c = pubsub;
            pubsub = null;
            if (c != null) {
              c.closeAsync();
            }
            retry(() -> connectPubSub(next(retryDelay)), retryDelay);
          }
        });
  }

  private void retry(Supplier<CompletableFuture<?>> attempt, Duration delay) {
    if (!closed) {
      reconnector.schedule(attempt::get, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static Duration next(Duration delay) {
    Duration doubled = delay.multipliedBy(2);
    return doubled.compareTo(MAX_RECONNECT_DELAY) > 0 ? MAX_RECONNECT_DELAY : doubled;
  }

  private RedisAsyncCommands<String, byte[]> commands() {
    return pending.isEmpty() ? connectedCommands() : null;
  }

  /** The command API if the connection is up and Redis answers, pending invalidations or not. */
  private RedisAsyncCommands<String, byte[]> connectedCommands() {
    StatefulRedisConnection<String, byte[]> c = connection;
    return c != null && c.isOpen() && !breakerOpen.get() ? c.async() : null;
  }

  /**
   * Applies the invalidations Redis missed, then lets L2 be read again. Runs on the reconnect thread
   * every half second while any are pending.
   */
  private void replayPending() {
    if (closed || pending.isEmpty()) {
      return;
    }
    RedisAsyncCommands<String, byte[]> c = connectedCommands();
    if (c == null) {
      return;
    }
    PendingInvalidations.Drained drained = pending.drain();
    boolean applied = true;
    for (int from = 0; from < drained.keys().size() && applied; from += SCAN_COUNT) {
      List<String> batch = drained.keys().subList(from, Math.min(from + SCAN_COUNT, drained.keys().size()));
      applied = await(unlinkAndPublish(c, batch)) != null;
    }
    for (String prefix : drained.prefixes()) {
      applied = applied && sweep(c, prefix) && await(publish(c, List.of(), List.of(prefix), null)) != null;
    }
    if (applied) {
      pending.applied();
      log.info("Applied {} invalidations that Redis at {} had missed; L2 is back in use",
          drained.keys().size() + drained.prefixes().size(), redactedUri);
    } else {
      pending.addAll(drained);
    }
  }

  /** The number of invalidations waiting for Redis. */
  int pendingInvalidations() {
    return pending.size();
  }

  /** Whether the command connection is up and Redis answers in time. */
  boolean available() {
    return commands() != null;
  }

  /**
   * The circuit breaker: a command that timed out means Redis hangs (paused, overloaded, or a network
   * black hole), so no further request waits for it; a background PING every half second closes the
   * breaker as soon as Redis answers again.
   */
  private void tripBreaker() {
    if (!closed && breakerOpen.compareAndSet(false, true)) {
      log.warn("Redis at {} did not answer within {}; requests skip L2 until it answers a probe", redactedUri, commandTimeout);
      reconnector.schedule(this::probe, 500, TimeUnit.MILLISECONDS);
    }
  }

  private void probe() {
    StatefulRedisConnection<String, byte[]> c = connection;
    if (closed) {
      return;
    }
    if (c == null || !c.isOpen()) {
      reconnector.schedule(this::probe, 500, TimeUnit.MILLISECONDS);
      return;
    }
    c.async().ping().toCompletableFuture().whenComplete((pong, error) -> {
      if (error == null) {
        breakerOpen.set(false);
        log.info("Redis at {} answers again; L2 is back in use", redactedUri);
      } else if (!closed) {
        reconnector.schedule(this::probe, 500, TimeUnit.MILLISECONDS);
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  /**
   * GET, and with {@code withTtl} PTTL in the same round trip (the remaining TTL sizes the L1 entry);
   * {@link Entry#MISS} on a miss, {@code null} if Redis did not answer.
   */
  CompletableFuture<Entry> get(String key, boolean withTtl) {
    RedisAsyncCommands<String, byte[]> c = commands();
    if (c == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<byte[]> value = c.get(key).toCompletableFuture();
    if (!withTtl) {
      return recover(value.thenApply(v -> v == null ? Entry.MISS : new Entry(v, -1)));
    }
    CompletableFuture<Long> ttl = c.pttl(key).toCompletableFuture();
    return recover(value.thenCombine(ttl, (v, t) -> v == null ? Entry.MISS : new Entry(v, t)));
  }

  CompletableFuture<Boolean> exists(String key) {
    return run(c -> c.exists(key).thenApply(n -> n != null && n > 0));
  }

  /**
   * Writes a loaded value without anyone waiting. Skipped while this instance does not hear
   * invalidations: it could not know that the value is already outdated.
   */
  void fill(String key, byte[] value, long ttlMillis) {
    if (listening) {
      run(c -> c.set(key, value, SetArgs.Builder.px(ttlMillis)));
    }
  }

  void unlink(String key) {
    run(c -> c.unlink(key));
  }

  /** Round one of {@code SET}: call under the key's fence lock, then {@link #complete} outside it. */
  Round beginSet(String key, byte[] value, long ttlMillis) {
    return begin(c -> c.set(key, value, SetArgs.Builder.px(ttlMillis)), List.of(key));
  }

  /** Dispatches {@code UNLINK key} without waiting; call under the key's fence lock. Null result if Redis is unreachable. */
  CompletableFuture<Long> unlinkAsync(String key) {
    RedisAsyncCommands<String, byte[]> c = commands();
    return c == null ? CompletableFuture.completedFuture(null) : recover(c.unlink(key).toCompletableFuture());
  }

  private Round begin(Function<RedisAsyncCommands<String, byte[]>, CompletionStage<?>> change, List<String> keys) {
    RedisAsyncCommands<String, byte[]> c = commands();
    if (c == null) {
      return new Round(change, keys, CompletableFuture.completedFuture(null), CompletableFuture.completedFuture(null), null, null);
    }
    String request = instanceId + ":" + requests.incrementAndGet();
    Semaphore acks = new Semaphore(0);
    awaitingAcks.put(request, acks);
    CompletableFuture<?> changed = recover(change.apply(c).toCompletableFuture());
    return new Round(change, keys, changed, publish(c, keys, List.of(), request), request, acks);
  }

  /**
   * Finishes an invalidation of keys: waits until Redis applied the change and every other instance
   * acknowledged the message (each has then fenced the keys, and any value it loaded earlier has
   * reached Redis before its acknowledgement), then applies the change once more, which removes such a
   * value, and tells the others again. Remembers the keys if Redis could not be reached.
   */
  void complete(Round round) {
    try {
      if (await(round.changed) == null || await(round.receivers) == null) {
        round.keys.forEach(pending::addKey);
        return;
      }
      if (awaitAcknowledgements(round.request, round.acks, round.receivers.join())) {
        RedisAsyncCommands<String, byte[]> c = commands();
        if (c == null || await(recover(round.change.apply(c).toCompletableFuture())) == null
            || await(publish(c, round.keys, List.of(), null)) == null) {
          round.keys.forEach(pending::addKey);
        }
      }
    } finally {
      if (round.request != null) {
        awaitingAcks.remove(round.request);
      }
    }
  }

  /**
   * Finishes an invalidation whose {@code UNLINK}s were dispatched with {@link #unlinkAsync}: sweeps the
   * prefixes (SCAN MATCH with glob characters escaped, UNLINK in batches, never KEYS), publishes one
   * acknowledged message, waits until every other instance acknowledged it (each has then fenced the
   * keys, and any value it loaded earlier has reached Redis before its acknowledgement), then removes
   * everything once more and publishes again. Blocks until done; remembers what Redis did not take.
   */
  void finishInvalidation(List<String> keys, List<CompletableFuture<Long>> unlinks, List<String> prefixes) {
    RedisAsyncCommands<String, byte[]> c = commands();
    String request = instanceId + ":" + requests.incrementAndGet();
    Semaphore acks = new Semaphore(0);
    awaitingAcks.put(request, acks);
    try {
      boolean applied = c != null;
      CompletableFuture<Long> published = null;
      if (applied && prefixes.isEmpty()) {
        published = publish(c, keys, prefixes, request); // on the connection after the UNLINKs: no extra round trip
      }
      for (CompletableFuture<Long> unlink : unlinks) {
        applied &= await(unlink) != null;
      }
      for (String prefix : prefixes) {
        applied = applied && sweep(c, prefix);
      }
      if (applied && published == null) {
        published = publish(c, keys, prefixes, request);
      }
      Long receivers = applied ? await(published) : null;
      if (receivers != null && awaitAcknowledgements(request, acks, receivers)) {
        c = commands();
        applied = c != null
            && (keys.isEmpty() || await(recover(c.unlink(keys.toArray(String[]::new)).toCompletableFuture())) != null);
        for (String prefix : prefixes) {
          applied = applied && sweep(c, prefix);
        }
        receivers = applied ? await(publish(c, keys, prefixes, null)) : null;
      }
      if (receivers == null) {
        keys.forEach(pending::addKey);
        prefixes.forEach(pending::addPrefix);
        warn("Redis at {} did not take an invalidation of {} keys and {} prefixes; it is applied once Redis answers",
            redactedUri, keys.size(), prefixes.size());
      }
    } finally {
      awaitingAcks.remove(request);
    }
  }

  /**
   * Waits for the acknowledgements of every other subscriber, at most the command timeout. Returns
   * whether there are other instances at all (and so a second round is needed).
   */
  private boolean awaitAcknowledgements(String request, Semaphore acks, long receivers) {
    int others = (int) receivers - (listening ? 1 : 0);
    if (others <= 0) {
      return false;
    }
    try {
      if (!acks.tryAcquire(others, commandTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        warn("Only {} of {} instances acknowledged invalidation {} in time", acks.availablePermits(), others, request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /** SCAN MATCH + UNLINK in batches; false if Redis failed on the way. */
  private boolean sweep(RedisAsyncCommands<String, byte[]> c, String prefix) {
    ScanArgs args = ScanArgs.Builder.matches(globEscape(prefix) + "*").limit(SCAN_COUNT);
    List<CompletableFuture<Long>> unlinks = new ArrayList<>();
    KeyScanCursor<String> cursor = await(recover(c.scan(args).toCompletableFuture()));
    while (cursor != null) {
      if (!cursor.getKeys().isEmpty()) {
        unlinks.add(recover(c.unlink(cursor.getKeys().toArray(String[]::new)).toCompletableFuture()));
      }
      if (cursor.isFinished()) {
        break;
      }
      cursor = await(recover(c.scan(cursor, args).toCompletableFuture()));
    }
    boolean swept = cursor != null;
    for (CompletableFuture<Long> unlink : unlinks) {
      swept &= await(unlink) != null;
    }
    return swept;
  }

  private CompletableFuture<Long> unlinkAndPublish(RedisAsyncCommands<String, byte[]> c, List<String> keys) {
    CompletionStage<Long> unlinked = c.unlink(keys.toArray(String[]::new));
    return recover(unlinked.toCompletableFuture()).thenCombine(publish(c, keys, List.of(), null), (a, b) -> b == null ? null : a);
  }

  private CompletableFuture<Long> publish(
      RedisAsyncCommands<String, byte[]> c, List<String> keys, List<String> prefixes, String request) {
    return recover(c.publish(channel, MESSAGES.writeValueAsBytes(new Message(instanceId, keys, prefixes, request)))
        .toCompletableFuture());
  }

  /** Tells the sender of {@code message} that this instance has fenced and dropped what it names. */
  private void acknowledge(Message message) {
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c != null && c.isOpen()) {
      // On the command connection, after any value this instance loaded before it heard of the change.
      recover(c.async()
          .publish(channel + ":ack:" + message.sender(), message.request().getBytes(StandardCharsets.UTF_8))
          .toCompletableFuture());
    }
  }

  /** Waits for a future of this class; {@code null} if it did not complete in time. */
  <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(commandTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      failed(e);
      return null;
    }
  }

  private <T> CompletableFuture<T> run(Function<RedisAsyncCommands<String, byte[]>, CompletionStage<T>> command) {
    RedisAsyncCommands<String, byte[]> c = commands();
    if (c == null) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      return recover(command.apply(c).toCompletableFuture());
    } catch (RuntimeException e) {
      failed(e);
      return CompletableFuture.completedFuture(null);
    }
  }

  private <T> CompletableFuture<T> recover(CompletableFuture<T> future) {
    return future.exceptionally(error -> {
      failed(error);
      return null;
    });
  }

  private void failed(Throwable error) {
    stats.l2Errors.increment();
    if (isTimeout(error)) {
      tripBreaker();
    }
    warn("Redis command failed at {} ({}); the caller fell back to L1 and the loader", redactedUri, error);
  }

  /**
   * Logs at WARN at most every 30 seconds (saying how many were suppressed meanwhile) and at DEBUG
   * otherwise, so that an outage does not flood the log. Throwables are shown as one line.
   */
  private void warn(String format, Object... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Throwable) {
        args[i] = describe((Throwable) args[i]);
      }
    }
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
      long suppressed = suppressedWarnings.getAndSet(0);
      log.warn(format + (suppressed > 0 ? " [" + suppressed + " similar messages suppressed]" : ""), args);
    } else {
      suppressedWarnings.incrementAndGet();
      log.debug(format, args);
    }
  }

  private static boolean isTimeout(Throwable t) {
    for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof RedisCommandTimeoutException || e instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  @Override
  public void close() {
    closed = true;
    reconnector.shutdownNow();
    StatefulRedisPubSubConnection<String, byte[]> p = pubsub;
    if (p != null) {
      p.close();
    }
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  public String toString() {
    return redactedUri + (available() ? " (connected)" : " (not connected)");
  }

  /** Receives invalidations, skipping this instance's own, and acknowledgements of this instance's. */
  private final class Subscriber extends RedisPubSubAdapter<String, byte[]> {
    @Override
    public void message(String ch, byte[] payload) {
      if (ackChannel.equals(ch)) {
        Semaphore acks = awaitingAcks.get(new String(payload, StandardCharsets.UTF_8));
        if (acks != null) {
          acks.release();
        }
        return;
      }
      Message m;
      try {
        m = MESSAGES.readValue(payload, Message.class);
      } catch (RuntimeException e) {
        log.warn("Ignoring a malformed message on {}: {}", ch, e.toString());
        return;
      }
      if (instanceId.equals(m.sender())) {
        return;
      }
      if (m.keys() != null && !m.keys().isEmpty()) {
        listener.keysInvalidated(m.keys());
      }
      if (m.prefixes() != null && !m.prefixes().isEmpty()) {
        listener.prefixesInvalidated(m.prefixes());
      }
      if (m.request() != null && m.sender() != null) {
        acknowledge(m);
      }
    }

    @Override
    public void subscribed(String ch, long count) {
      if (!channel.equals(ch)) {
        return;
      }
      listening = true;
      if (subscribedBefore.getAndSet(true)) {
        log.info("Resubscribed to {}; clearing L1, which may have missed invalidations", ch);
        listener.channelInterrupted();
      }
    }
  }

  private class StateLogger implements RedisConnectionStateListener {
    private final String what;

    StateLogger(String what) {
      this.what = what;
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      if (!closed) {
        log.warn("Lost the Redis {} connection to {}; serving from L1 while reconnecting", what, redactedUri);
      }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> handler, java.net.SocketAddress address) {
      log.debug("Redis {} connection to {} is up", what, redactedUri);
    }
  }
}
