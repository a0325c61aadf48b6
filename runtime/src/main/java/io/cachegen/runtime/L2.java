package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The commands the freshness protocol sends to Redis, whatever the topology (see
 * {@code docs/freshness-protocol.md}, §3, §4 and §10). The protocol classes talk to Redis only through
 * this interface: {@code LettuceL2} implements it over Lettuce for standalone, Sentinel and Cluster, and
 * the simulation implements it over a simulated Redis.
 *
 * <p>Keys and channels are passed as the protocol names them; an implementation encodes them as UTF-8.
 * Every future completes <em>normally</em>: a failure is a {@link Failure} in the reply, never an
 * exceptional completion. Futures may complete on an I/O thread; callers must not block in their
 * callbacks. An implementation never retries a command by itself.
 */
interface L2 extends AutoCloseable {

  /**
   * Connects in the background, checks that Redis grants what the cache needs (loading the scripts,
   * writing and reading a key of the namespace, publishing and subscribing on the channels), and
   * subscribes to the invalidation channel and this instance's heartbeat channel; events go to
   * {@code listener}. Returns at once.
   */
  void start(Listener listener);

  /**
   * The {@code READ} script on {@link ReadRequest#key}, and in the same round trip a {@code GET} of each
   * of {@link ReadRequest#tokenKeys}. Atomically in Redis: a key holding another Redis type, or a string
   * longer than {@code maxValueBytes} (checked with {@code STRLEN} before anything is sent back), is
   * deleted ({@link ReadReply#removed} says which); a string whose SHA-1 equals {@code deadDigest}
   * counts as absent; a present string is returned with its {@code PTTL}; an absent key is set to
   * {@code lease} for {@code leaseMillis} if a lease was given ({@link ReadReply.Kind#GRANTED}), or left
   * absent ({@link ReadReply.Kind#EMPTY}). A refused {@code SET} of the lease (OOM) is a
   * {@link Failure.Kind#REFUSED} failure.
   */
  CompletableFuture<ReadReply> read(ReadRequest request);

  /**
   * The {@code FILL} script: {@code SET key envelope PX ttlMillis} if and only if {@code key} holds
   * {@code lease}; if that {@code SET} is refused, the lease is deleted. Completes with whether the
   * value was stored.
   */
  CompletableFuture<Result> fill(String key, byte[] lease, byte[] envelope, long ttlMillis);

  /** The {@code RELEASE} script: deletes {@code key} if and only if it holds {@code lease}. */
  CompletableFuture<Result> release(String key, byte[] lease);

  /**
   * One write (§4.3): {@code DEL} of each key, the token {@code SET}s (a script flagged
   * {@code allow-oom}), the value {@code SET} (a script that deletes the key if the {@code SET} is
   * refused) and the {@code PUBLISH} of {@code message} on the invalidation channel, in one round trip.
   * The message never overtakes the changes: on one server everything is pipelined on one connection;
   * on a cluster the {@code PUBLISH} is sent once the other replies are in, and the returned future does
   * not wait for its reply ({@link WriteReply#published} completes with it). Each part fails alone.
   */
  CompletableFuture<WriteReply> write(WriteRequest request);

  /** Publishes a heartbeat on this instance's own heartbeat channel; the result counts its receivers. */
  CompletableFuture<Result> heartbeat(byte[] payload);

  /**
   * Subscribes again: Redis has no subscriber on this instance's heartbeat channel although the
   * subscription connection looks up. Reports {@link Listener#subscribed()} once done.
   */
  void resubscribe();

  /** {@code PING} on the command connection. */
  CompletableFuture<Result> ping();

  /** Whether the command connection is up now (a cheap check, no round trip). */
  boolean isConnected();

  /** Where L2 is, for logs: the topology and the addresses, never a password. */
  String describe();

  /** Closes every connection and the client; commands in flight complete with a failure. */
  @Override
  void close();

  /**
   * What the connections report. Called on I/O threads, in order per connection: must not block.
   * Payloads the protocol publishes are never empty; an empty one is the implementation's own probe.
   */
  interface Listener {
    /** A message on the invalidation channel, raw: the protocol decodes and checks it. */
    void invalidation(byte[] payload);

    /** A message on this instance's heartbeat channel. */
    void heartbeat(byte[] payload);

    /** Subscribed to both channels (again). Messages may have been missed since the last subscription. */
    void subscribed();

    /** The subscription is gone (disconnect, or Redis unsubscribed it): messages may be missed from now. */
    void subscriptionLost(String why);

    /** The command connection is up (again). */
    void connected();

    /** The command connection dropped, or the set of masters changed: Redis may have lost writes. */
    void outage(String why);

    /**
     * Redis refuses this cache for good: a permission the cache needs is missing (named in {@code why}),
     * authentication or TLS verification failed. The cache goes L1 only until it is rebuilt.
     */
    void refused(String why);
  }

  /** Why a command did not do what it was asked. */
  record Failure(Kind kind, String message) {
    /** How a command failed. */
    enum Kind {
      /** Redis answered with an error (OOM, NOPERM, WRONGTYPE, a script error): nothing else is wrong. */
      REFUSED,
      /** No answer within the command timeout: Redis may or may not have applied it. */
      TIMEOUT,
      /** Not connected, or the connection dropped: Redis may or may not have applied it. */
      DISCONNECTED
    }

    public Failure {
      requireNonNull(kind, "kind");
      requireNonNull(message, "message");
    }

    /** Whether this failure says nothing about what Redis applied (an outage, not a refusal). */
    boolean isOutage() {
      return kind != Kind.REFUSED;
    }
  }

  /** The outcome of one command: success with a number, or a failure. */
  record Result(long value, Failure failure) {
    static Result ok(long value) {
      return new Result(value, null);
    }

    static Result failed(Failure failure) {
      return new Result(0, requireNonNull(failure, "failure"));
    }

    boolean succeeded() {
      return failure == null;
    }
  }

  /**
   * What {@link #read} is asked.
   *
   * @param key the cache key
   * @param maxValueBytes strings longer than this are deleted, not returned
   * @param lease the lease to set if the key is absent, or {@code null} to only read
   * @param leaseMillis how long the lease lives
   * @param deadDigest the SHA-1 (20 bytes) of a value to treat as absent, or {@code null}
   * @param tokenKeys group token keys to {@code GET} in the same round trip
   */
  record ReadRequest(
      String key, int maxValueBytes, byte[] lease, long leaseMillis, byte[] deadDigest, List<String> tokenKeys) {
    public ReadRequest {
      requireNonNull(key, "key");
      tokenKeys = List.copyOf(tokenKeys);
    }
  }

  /**
   * What {@link #read} found.
   *
   * @param kind what the key held
   * @param value the string under the key for {@link Kind#VALUE} (an envelope, someone's lease, or garbage)
   * @param pttlMillis its remaining time to live ({@code -1}: none) for {@link Kind#VALUE}
   * @param removed what {@code READ} deleted before answering ({@link Removed#NOTHING} mostly)
   * @param tokens the tokens of {@link ReadRequest#tokenKeys}, in order; 0 for an absent token key
   * @param failure why it failed, for {@link Kind#FAILED}
   */
  record ReadReply(Kind kind, byte[] value, long pttlMillis, Removed removed, long[] tokens, Failure failure) {
    /** What the key held. */
    enum Kind {
      /** A string: {@link #value} holds it. */
      VALUE,
      /** Nothing, and no lease was asked for. */
      EMPTY,
      /** Nothing; the caller's lease is set now. */
      GRANTED,
      /** The read, the lease or a token {@code GET} failed. */
      FAILED
    }

    /** What {@code READ} deleted before answering. */
    enum Removed {
      NOTHING,
      /** A key of another Redis type (hash, list, set, sorted set, stream...). */
      WRONG_TYPE,
      /** A string longer than {@code maxValueBytes}. */
      OVERSIZED
    }

    static ReadReply failed(Failure failure) {
      return new ReadReply(Kind.FAILED, null, 0, Removed.NOTHING, new long[0], requireNonNull(failure, "failure"));
    }
  }

  /**
   * One write.
   *
   * @param deletes keys to {@code DEL}
   * @param tokens group tokens to {@code SET}
   * @param value a value to {@code SET}, or {@code null}
   * @param message the invalidation message to publish after the changes, or {@code null}
   */
  record WriteRequest(List<String> deletes, List<TokenSet> tokens, ValueSet value, byte[] message) {
    public WriteRequest {
      deletes = List.copyOf(deletes);
      tokens = List.copyOf(tokens);
    }
  }

  /**
   * {@code SET tokenKey token PX ttlMillis}, OOM or not. Redis holds the token as 8 big-endian bytes; a
   * token key that does not exist reads as token 0.
   */
  record TokenSet(String tokenKey, long token, long ttlMillis) {}

  /** {@code SET key envelope PX ttlMillis}, deleting the key if the {@code SET} is refused. */
  record ValueSet(String key, byte[] envelope, long ttlMillis) {}

  /**
   * What {@link #write} did: for each part, {@code null} if it succeeded or its failure.
   *
   * @param deletes one entry per {@link WriteRequest#deletes}
   * @param tokens one entry per {@link WriteRequest#tokens}
   * @param value the value's, or {@code null}
   * @param published the {@code PUBLISH}: its number of receivers, or a failure; completes normally,
   *     possibly after the reply itself on a cluster; a completed {@code Result.ok(0)} when there was no
   *     message
   */
  record WriteReply(Failure[] deletes, Failure[] tokens, Failure value, CompletableFuture<Result> published) {}
}
