package io.cachegen.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simulated Redis server with the semantics the protocol relies on ({@code docs/freshness-protocol.md}
 * §3, §4): strings with TTLs, the {@code READ}/{@code FILL}/{@code RELEASE}/token/value scripts, {@code DEL},
 * {@code PUBLISH} to subscribed connections in execution order, and faults: a hang (commands wait until it
 * resumes), a crash (every connection drops), a restart empty or from an older snapshot, OOM (commands
 * that may grow memory are refused, except the {@code allow-oom} token script), and keys of another Redis
 * type. The L2 contract tests run the same scenarios against it and against a real {@code redis-server}.
 */
final class SimRedis {
  private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

  /** What the checker watches. */
  interface Observer {
    /** A value envelope was stored under {@code key} (by {@code FILL} or the value script). */
    default void stored(String key, byte[] value) {}

    /** {@code key} was deleted by a write (a {@code DEL}, not an expiry). */
    default void deleted(String key) {}

    /** {@code key} was overwritten by the value script of a {@code set}. */
    default void valueSet(String key) {}

    /** A token key was set. */
    default void tokenSet(String tokenKey) {}

    /** A message was published on {@code channel}. */
    default void published(String channel, byte[] payload) {}

    /** The data set was lost or rolled back (a restart). */
    default void dataChanged() {}
  }

  final SimWorld world;
  private final Map<String, Str> strings = new HashMap<>();
  private final Set<String> otherTypes = new HashSet<>();
  private final Map<String, Set<SimL2.Conn>> subscribers = new HashMap<>();
  private final Set<SimL2.Conn> connections = new LinkedHashSet<>();
  private final List<Runnable> waiting = new ArrayList<>();
  private Observer observer = new Observer() {};
  private boolean hung;
  private boolean down;
  private boolean oom;
  private long runId = 1;

  SimRedis(SimWorld world) {
    this.world = world;
  }

  void observe(Observer observer) {
    this.observer = observer;
  }

  boolean isDown() {
    return down;
  }

  long runId() {
    return runId;
  }

  // ---------------------------------------------------------------------------------------------
  // Connections

  /** Accepts a connection, or refuses it while down. */
  boolean connect(SimL2.Conn conn) {
    if (down) {
      return false;
    }
    connections.add(conn);
    return true;
  }

  void disconnected(SimL2.Conn conn) {
    connections.remove(conn);
    for (Set<SimL2.Conn> subs : subscribers.values()) {
      subs.remove(conn);
    }
  }

  /** Runs {@code commands} when they reach the server: now, or when a hang ends. */
  void arrive(SimL2.Conn conn, Runnable commands) {
    Runnable guarded = () -> {
      if (connections.contains(conn)) {
        commands.run();
      }
    };
    if (hung) {
      waiting.add(guarded);
    } else {
      guarded.run();
    }
  }

  void subscribe(SimL2.Conn conn, String channel) {
    subscribers.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(conn);
  }

  // ---------------------------------------------------------------------------------------------
  // Faults

  /** SIGSTOP: commands wait, connections stay. */
  void hang() {
    hung = true;
  }

  /** SIGCONT: waiting commands run in the order they arrived. */
  void resume() {
    hung = false;
    List<Runnable> ready = new ArrayList<>(waiting);
    waiting.clear();
    ready.forEach(Runnable::run);
  }

  /** The process dies: every connection drops, nothing is accepted until {@link #restart}. */
  void crash() {
    down = true;
    hung = false;
    waiting.clear();
    for (SimL2.Conn conn : new ArrayList<>(connections)) {
      conn.drop("Redis went away");
    }
    connections.clear();
    subscribers.clear();
  }

  /** Starts again with {@code data} (empty, or an older snapshot), as a new run. */
  void restart(Map<String, Str> data) {
    strings.clear();
    otherTypes.clear();
    strings.putAll(data);
    runId++;
    down = false;
    observer.dataChanged();
  }

  Map<String, Str> snapshot() {
    return new HashMap<>(strings);
  }

  void oom(boolean oom) {
    this.oom = oom;
  }

  /** Plants a key of another Redis type (a list, say) under {@code key}. */
  void plantOtherType(String key) {
    strings.remove(key);
    otherTypes.add(key);
  }

  /** FLUSHALL: every key goes, connections and subscriptions stay. */
  void restartKeepingConnections() {
    strings.clear();
    otherTypes.clear();
    oom = false;
    observer.dataChanged();
  }

  /** Plants a string under {@code key} for {@code pxMillis} (none when not positive). */
  void plant(String key, byte[] value, long pxMillis) {
    otherTypes.remove(key);
    strings.put(key, new Str(value.clone(), pxMillis > 0 ? world.now() + pxMillis * 1_000_000 : Long.MAX_VALUE));
  }

  /** PTTL: -2 absent, -1 without a TTL. */
  long pttl(String key) {
    Str s = live(key);
    if (s == null) {
      return otherTypes.contains(key) ? -1 : -2;
    }
    return s.expiresAt == Long.MAX_VALUE ? -1 : Math.max(0, (s.expiresAt - world.now()) / 1_000_000);
  }

  /** CLIENT KILL TYPE pubsub. */
  void killSubscriptions() {
    java.util.Set<SimL2.Conn> subs = new java.util.LinkedHashSet<>();
    subscribers.values().forEach(subs::addAll);
    for (SimL2.Conn conn : subs) {
      conn.drop("CLIENT KILL TYPE pubsub");
    }
  }

  /** Plants a string under {@code key}, as another client could. */
  void plant(String key, byte[] value) {
    otherTypes.remove(key);
    strings.put(key, new Str(value, Long.MAX_VALUE));
  }

  /** The string under {@code key} now, if any (for the checker). */
  byte[] peek(String key) {
    Str s = live(key);
    return s == null ? null : s.value;
  }

  /** The token under {@code tokenKey} now: 0 if none (for the checker). */
  long token(String tokenKey) {
    Str s = live(tokenKey);
    return s == null ? 0 : LettuceL2.token(s.value);
  }

  // ---------------------------------------------------------------------------------------------
  // Commands: each returns its reply, or a Refusal

  /** A refused command: an error reply. */
  record Refusal(String message) {}

  /** A string and when it expires. */
  record Str(byte[] value, long expiresAt) {}

  /** What {@code READ} answers. */
  record Read(L2.ReadReply.Kind kind, byte[] value, long pttlMillis, L2.ReadReply.Removed removed) {}

  Object read(String key, int maxBytes, byte[] lease, long leaseMillis, byte[] deadDigest) {
    L2.ReadReply.Removed removed = L2.ReadReply.Removed.NOTHING;
    if (otherTypes.remove(key)) {
      removed = L2.ReadReply.Removed.WRONG_TYPE;
      observer.deleted(key);
    }
    Str s = live(key);
    if (s != null && s.value.length > maxBytes) {
      strings.remove(key);
      observer.deleted(key);
      removed = L2.ReadReply.Removed.OVERSIZED;
      s = null;
    }
    if (s != null && deadDigest != null && Arrays.equals(Envelope.digest(s.value), deadDigest)) {
      s = null;
    }
    if (s != null) {
      long pttl = s.expiresAt == Long.MAX_VALUE ? -1 : Math.max(1, (s.expiresAt - world.now()) / 1_000_000);
      return new Read(L2.ReadReply.Kind.VALUE, s.value, pttl, removed);
    }
    if (lease == null) {
      return new Read(L2.ReadReply.Kind.EMPTY, null, 0, removed);
    }
    if (oom) {
      return new Refusal(OOM);
    }
    strings.put(key, new Str(lease.clone(), world.now() + leaseMillis * 1_000_000));
    return new Read(L2.ReadReply.Kind.GRANTED, null, 0, removed);
  }

  /** GET of a token key: the token, 0 if there is none. */
  Object token(String tokenKey, boolean asCommand) {
    if (otherTypes.contains(tokenKey)) {
      return new Refusal("WRONGTYPE Operation against a key holding the wrong kind of value");
    }
    return token(tokenKey);
  }

  Object fill(String key, byte[] lease, byte[] envelope, long ttlMillis) {
    Str s = live(key);
    if (s == null || !Arrays.equals(s.value, lease)) {
      return 0L;
    }
    if (oom) {
      strings.remove(key);
      return new Refusal(OOM);
    }
    strings.put(key, new Str(envelope.clone(), world.now() + ttlMillis * 1_000_000));
    observer.stored(key, envelope);
    return 1L;
  }

  Object release(String key, byte[] lease) {
    Str s = live(key);
    if (s != null && Arrays.equals(s.value, lease)) {
      strings.remove(key);
      return 1L;
    }
    return 0L;
  }

  /** The token script: {@code allow-oom}, so it works under OOM. */
  Object setToken(String tokenKey, long token, long ttlMillis) {
    otherTypes.remove(tokenKey);
    strings.put(tokenKey, new Str(LettuceL2.tokenBytes(token), world.now() + ttlMillis * 1_000_000));
    observer.tokenSet(tokenKey);
    return "OK";
  }

  /** The value script: SET, or DEL if the SET is refused. */
  Object setValue(String key, byte[] envelope, long ttlMillis) {
    otherTypes.remove(key);
    if (oom) {
      strings.remove(key);
      observer.deleted(key);
      return new Refusal(OOM);
    }
    strings.put(key, new Str(envelope.clone(), world.now() + ttlMillis * 1_000_000));
    observer.valueSet(key);
    observer.stored(key, envelope);
    return "OK";
  }

  Object del(String key) {
    boolean existed = strings.remove(key) != null | otherTypes.remove(key);
    observer.deleted(key);
    return existed ? 1L : 0L;
  }

  /** PUBLISH: written to every subscriber's connection now; returns how many. */
  Object publish(String channel, byte[] payload) {
    observer.published(channel, payload);
    Set<SimL2.Conn> subs = subscribers.getOrDefault(channel, Set.of());
    for (SimL2.Conn conn : new ArrayList<>(subs)) {
      conn.deliver(channel, payload.clone());
    }
    return (long) subs.size();
  }

  private Str live(String key) {
    Str s = strings.get(key);
    if (s != null && s.expiresAt <= world.now()) {
      strings.remove(key);
      return null;
    }
    return s;
  }
}
