package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import io.cachegen.runtime.L2.Failure;
import io.cachegen.runtime.L2.TokenSet;
import io.cachegen.runtime.L2.ValueSet;
import io.cachegen.runtime.L2.WriteReply;
import io.cachegen.runtime.L2.WriteRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The write side of the protocol ({@code docs/freshness-protocol.md} §4.3, §8): a write acts on this
 * instance first (G1), then sends one pipelined round trip (G4): deletes, new group tokens, the value of
 * a {@code set}, and the message. Parts that fail are kept in {@link Pending} and replayed; the replay
 * and the new era after an outage are here too.
 */
final class Writes {
  /** Keys plus groups per message and per replay. */
  private static final int CHUNK = 1000;

  private final CacheCore core;

  Writes(CacheCore core) {
    this.core = core;
  }

  /** Removes {@code keys} and the groups {@code groups} everywhere (§4.3); returns when Redis answered. */
  void invalidate(List<String> keys, List<String> groups) {
    core.await(invalidateAsync(keys, groups), null);
  }

  /** {@link #invalidate}, completing when Redis answered (or could not be asked). */
  CompletableFuture<Void> invalidateAsync(List<String> keys, List<String> groups) {
    requireNonNull(keys, "keys");
    requireNonNull(groups, "groups");
    keys.forEach(key -> requireNonNull(key, "key"));
    List<TokenSet> tokens = new ArrayList<>(groups.size());
    for (String group : groups) {
      requireNonNull(group, "group");
      tokens.add(new TokenSet(core.settings.tokenKey(group), core.newToken(), core.settings.tokenTtlMillis()));
    }
    for (String key : keys) {
      dropKey(key);
    }
    for (int i = 0; i < groups.size(); i++) {
      core.groups.kill(groups.get(i), tokens.get(i).token());
    }
    if (core.l2 == null || (keys.isEmpty() && groups.isEmpty())) {
      return DONE;
    }
    if (!core.connectivity.writable()) {
      owe(keys, groups);
      return DONE;
    }
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int from = 0; from < keys.size() + groups.size(); from += CHUNK) {
      int to = Math.min(from + CHUNK, keys.size() + groups.size());
      List<String> k = keys.subList(Math.min(from, keys.size()), Math.min(to, keys.size()));
      int gFrom = Math.max(0, from - keys.size());
      int gTo = Math.max(0, to - keys.size());
      sent.add(send(List.copyOf(k), List.copyOf(groups.subList(gFrom, gTo)), List.copyOf(tokens.subList(gFrom, gTo)), null));
    }
    CompletableFuture<Void> answered =
        sent.size() == 1 ? sent.get(0) : CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    // A read on this instance that reached Redis after the drop above but before the changes got the
    // old value (or the old token) with a fence stamp and group states taken after the drop, so nothing
    // stopped it from filling L1. Drop again now that Redis has the changes (G1). The groups' next
    // tokens are fetched, not installed: a later write of the same group may have answered first.
    return answered.thenRun(() -> {
      for (String key : keys) {
        dropKey(key);
      }
      for (String group : groups) {
        core.groups.kill(group, GroupState.UNKNOWN);
      }
    });
  }

  /** Bumps the key's fence (no load older than now fills L1 or L2) and removes it from L1. */
  private void dropKey(String key) {
    synchronized (core.fences.lock(key)) {
      core.fences.bump(key);
      core.l1.remove(key);
    }
  }

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /**
   * Stores {@code value} (of {@code type}; raw bytes when {@code payload == value}) under {@code key} for
   * {@code ttl} in L1 and L2, and tells the other instances to drop their copies; returns when Redis
   * answered.
   */
  void set(String key, Object value, TypeRef<?> type, byte[] payload, Duration ttl) {
    core.await(setAsync(key, value, type, payload, ttl), null);
  }

  /** {@link #set}, completing when Redis answered (or could not be asked). */
  CompletableFuture<Void> setAsync(String key, Object value, TypeRef<?> type, byte[] payload, Duration ttl) {
    Spec<?> spec = Spec.of(type, ttl);
    int[] boundaries = Groups.boundaries(key, null);
    synchronized (core.fences.lock(key)) {
      core.fences.bump(key);
    }
    long now = core.ticker.read();
    Lookup look = new Lookup(key, spec, boundaries, core.groups.resolve(key, boundaries), core.fences.stamp(key), null, now);
    core.l1.remove(key);
    int weight = payload.length + 64;
    core.fillL1(look, value, type, ttl.toNanos(), weight);
    if (core.l2 == null) {
      return DONE;
    }
    long stampAtSet = look.stamp;
    GroupState[] statesAtSet = look.states.clone();
    CompletableFuture<Void> answered;
    if (payload.length > core.settings.maxValueBytes() || !core.connectivity.writable()) {
      if (payload.length > core.settings.maxValueBytes()) {
        CacheCore.log.debug("Value for \"{}\" is {} bytes, over maxValueBytes; kept in L1 only", key, payload.length);
      }
      answered = invalidateInL2(key);
    } else {
      answered = knownTokens(look).thenCompose(stamps -> {
        if (stamps == null) {
          return invalidateInL2(key); // Redis must not keep the old value
        }
        byte[] envelope = Envelope.value(spec.fingerprint(), false, boundaries, stamps, payload);
        long ttlMillis = Math.max(1, Math.min(ttl.toMillis(), core.settings.maxTtl().toMillis()));
        return send(List.of(), List.of(), List.of(), new ValueSet(key, envelope, ttlMillis));
      });
    }
    return answered.thenRun(() -> settle(look, stampAtSet, statesAtSet, value, type, ttl.toNanos(), weight));
  }

  /**
   * After a set's round trip (§4.3, step 4): a read on this instance that reached Redis before the
   * {@code SET} found the old value with a fence stamp taken after the set's, and may have put it in L1
   * over the set's value. Bumps the fence, so that such reads still in flight fill nothing, and puts the
   * set's value back, unless an invalidation of the key or of one of its groups came since the set.
   */
  private void settle(
      Lookup look, long stampAtSet, GroupState[] statesAtSet, Object value, TypeRef<?> type, long ttlNanos, int weight) {
    GroupState[] states = core.groups.resolve(look.key, look.boundaries);
    synchronized (core.fences.lock(look.key)) {
      boolean current = core.fences.unchanged(look.key, stampAtSet);
      for (GroupState s : statesAtSet) {
        current &= s.live();
      }
      core.fences.bump(look.key);
      core.l1.remove(look.key);
      if (current) {
        // Resolved before the check: a group killed after it is dead in these states, and fills nothing.
        Lookup again = new Lookup(look.key, look.spec, look.boundaries, states, core.fences.stamp(look.key), null,
            look.started);
        core.fillL1(again, value, type, ttlNanos, weight);
      }
    }
  }

  /** Deletes {@code key} in Redis and tells the others, without touching this instance's L1. */
  private CompletableFuture<Void> invalidateInL2(String key) {
    if (core.connectivity.writable()) {
      return send(List.of(key), List.of(), List.of(), null);
    }
    owe(List.of(key), List.of());
    return DONE;
  }

  /**
   * Keeps invalidations Redis has not taken, to replay them: unless Redis refuses this cache for good (a
   * missing permission), which makes it L1 only with nothing to replay.
   */
  private void owe(List<String> keys, List<String> groups) {
    if (!core.connectivity.isRefused()) {
      core.pending.add(keys, groups);
    }
  }

  /** The tokens of {@code look}'s groups, fetched first if some are not known; {@code null} if that failed. */
  private CompletableFuture<long[]> knownTokens(Lookup look) {
    long now = core.ticker.read();
    int[] which = core.tokensToFetch(look, now);
    if (which.length == 0) {
      return CompletableFuture.completedFuture(look.knownTokens(now, core.tokenMaxAgeNanos));
    }
    if (!core.connectivity.readable()) {
      return CompletableFuture.completedFuture(null);
    }
    return core.l2.read(new L2.ReadRequest(look.key, Integer.MAX_VALUE, null, 0, null, core.tokenKeys(look, which)))
        .thenApply(reply -> {
          if (reply.kind() == L2.ReadReply.Kind.FAILED) {
            core.connectivity.failed(reply.failure());
            return null;
          }
          long later = core.ticker.read();
          core.learnTokens(look, which, reply.tokens(), later);
          return look.knownTokens(later, core.tokenMaxAgeNanos);
        });
  }

  /**
   * One write round trip. What fails goes to {@link Pending}; a message that fails later (after the
   * reply, on a cluster) too. The key of {@code value} counts as deleted if its {@code SET} fails.
   */
  private CompletableFuture<Void> send(List<String> keys, List<String> groups, List<TokenSet> tokens, ValueSet value) {
    List<String> named = new ArrayList<>(keys);
    if (value != null) {
      named.add(value.key());
    }
    byte[] message = core.bus.encode(new BusMessage(core.instanceId, named, groups, false));
    return core.l2.write(new WriteRequest(keys, tokens, value, message)).thenAccept(reply -> {
      List<String> failedKeys = new ArrayList<>();
      List<String> failedGroups = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        if (reply.deletes()[i] != null) {
          failedKeys.add(keys.get(i));
          core.connectivity.failed(reply.deletes()[i]);
        }
      }
      for (int i = 0; i < groups.size(); i++) {
        if (reply.tokens()[i] != null) {
          failedGroups.add(groups.get(i));
          core.connectivity.failed(reply.tokens()[i]);
        }
      }
      if (value != null && reply.value() != null) {
        failedKeys.add(value.key());
        core.connectivity.failed(reply.value());
      }
      if (!failedKeys.isEmpty() || !failedGroups.isEmpty()) {
        owe(failedKeys, failedGroups);
      }
      reply.published().thenAccept(r -> {
        if (!r.succeeded()) {
          core.connectivity.failed(r.failure());
          owe(named, groups);
        }
      });
    });
  }

  /**
   * Applies a batch of pending invalidations: deletes, new tokens, the message. Completes with whether the
   * queue is empty now.
   */
  CompletableFuture<Boolean> replay() {
    Pending.Snapshot snapshot = core.pending.snapshot(CHUNK);
    if (snapshot.isEmpty()) {
      return CompletableFuture.completedFuture(core.pending.isEmpty());
    }
    List<TokenSet> tokens = new ArrayList<>();
    for (String group : snapshot.groups()) {
      long token = core.newToken();
      core.groups.kill(group, token);
      tokens.add(new TokenSet(core.settings.tokenKey(group), token, core.settings.tokenTtlMillis()));
    }
    byte[] message = core.bus.encode(new BusMessage(core.instanceId, snapshot.keys(), snapshot.groups(), false));
    return core.l2.write(new WriteRequest(snapshot.keys(), tokens, null, message)).thenCompose(reply -> {
      Failure failure = firstFailure(reply);
      if (failure != null) {
        core.connectivity.failed(failure);
        return CompletableFuture.completedFuture(false);
      }
      return reply.published().thenApply(r -> {
        if (!r.succeeded()) {
          core.connectivity.failed(r.failure());
          return false;
        }
        core.pending.applied(snapshot);
        return core.pending.isEmpty();
      });
    });
  }

  /**
   * Starts a new era after an outage (§8): a new root token makes every value stored before it stale for
   * every instance, and this instance's L1 is dropped. Completes with whether Redis took it.
   */
  CompletableFuture<Boolean> newEra() {
    long token = core.newToken();
    core.groups.kill("", token);
    byte[] message = core.bus.encode(new BusMessage(core.instanceId, List.of(), List.of(), true));
    TokenSet root = new TokenSet(core.settings.tokenKey(""), token, core.settings.tokenTtlMillis());
    return core.l2.write(new WriteRequest(List.of(), List.of(root), null, message)).thenApply(reply -> {
      Failure failure = firstFailure(reply);
      if (failure != null) {
        core.connectivity.failed(failure);
        return false;
      }
      reply.published().thenAccept(r -> {
        if (!r.succeeded()) {
          core.connectivity.failed(r.failure());
        }
      });
      return true;
    });
  }

  private static Failure firstFailure(WriteReply reply) {
    for (Failure f : reply.deletes()) {
      if (f != null) {
        return f;
      }
    }
    for (Failure f : reply.tokens()) {
      if (f != null) {
        return f;
      }
    }
    return reply.value();
  }
}
