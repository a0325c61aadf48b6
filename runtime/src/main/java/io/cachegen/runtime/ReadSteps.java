package io.cachegen.runtime;

import io.cachegen.runtime.L2.ReadReply;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What one L2 reply means for a lookup ({@code docs/freshness-protocol.md} §4.1, §4.2): a hit (a value of
 * the right type, with every group stamp current, that decodes strictly), a load (with or without the
 * lease), or another read: over a stale or garbage value, after an invalidation overtook the lookup, or to
 * wait for another instance's load. Fills L1 on a hit, counts and logs what it meets. {@link Reads} runs
 * these steps.
 */
final class ReadSteps {
  /** Reads that overtook an invalidation, or met a stale value, try again at most this often. */
  private static final int MAX_ATTEMPTS = 4;
  private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final CacheCore core;
  private final ConcurrentHashMap<String, Boolean> reported = new ConcurrentHashMap<>();

  ReadSteps(CacheCore core) {
    this.core = core;
  }

  /**
   * What an L2 reply means for a lookup: a hit (a value of the right type, with every group stamp
   * current, that decodes), a load (with or without the lease), or another read (over a stale or
   * garbage value, after an invalidation overtook the lookup, or to wait for another load).
   */
  Step step(Lookup look, int[] which, ReadReply reply, int attempt) {
    Spec<?> spec = look.spec;
    if (reply.kind() == ReadReply.Kind.FAILED) {
      core.connectivity.failed(reply.failure());
      release(look); // the script may have set the lease before a token GET failed
      return Step.load(false);
    }
    long now = core.ticker.read();
    core.learnTokens(look, which, reply.tokens(), now);
    if (reply.removed() != ReadReply.Removed.NOTHING) {
      core.stats.decodeFailures.increment();
      core.throttled.warn("removed:" + spec.name(),
          "Redis held {} under \"{}\" (read as {}); it was removed and the read is a miss",
          reply.removed() == ReadReply.Removed.WRONG_TYPE ? "a key of another Redis type" : "a value over maxValueBytes",
          look.key, spec.name());
    }
    switch (reply.kind()) {
      case GRANTED:
        core.stats.l2Misses.increment();
        if (!look.current(core.fences)) {
          release(look);
          return attempt + 1 < MAX_ATTEMPTS ? Step.RESTART : Step.load(false);
        }
        look.stamps = look.knownTokens(now, core.tokenMaxAgeNanos);
        if (look.stamps == null) {
          release(look);
          return Step.load(false);
        }
        return Step.load(true);
      case EMPTY:
        core.stats.l2Misses.increment();
        return Step.load(false);
      case VALUE:
        return value(look, which, reply, attempt, now);
      default:
        throw new AssertionError(reply.kind());
    }
  }

  private Step value(Lookup look, int[] which, ReadReply reply, int attempt, long now) {
    Spec<?> spec = look.spec;
    byte[] bytes = reply.value();
    if (Envelope.isLease(bytes)) {
      if (look.lease == null) {
        core.stats.l2Misses.increment();
        return Step.load(false);
      }
      long waited = now - look.started;
      if (waited >= core.settings.leaseTime().toNanos()) {
        core.stats.l2Misses.increment();
        return Step.load(false);
      }
      long delay = Math.min(MAX_POLL_NANOS, FIRST_POLL_NANOS << Math.min(attempt, 20));
      return Step.poll(delay);
    }
    Envelope.Value v = Envelope.parse(bytes);
    if (v == null || !boundariesFit(v, look.key)) {
      return garbage(look, bytes, attempt, "it is not a value cachegen wrote");
    }
    int[] extra = extraBoundaries(v, look.boundaries);
    if (extra.length > 0) {
      // Stamped at the end of a prefix this lookup does not know: check those groups too, fetching
      // their tokens with another read if this instance does not know them.
      look.widen(extra, core.groups);
      if (core.tokensToFetch(look, now).length > 0) {
        return attempt + 1 < MAX_ATTEMPTS ? Step.retry(null) : Step.load(false);
      }
    }
    if (spec != Reads.EXISTS && !spec.isBytes() && v.fingerprint() != spec.fingerprint()) {
      core.stats.decodeFailures.increment();
      core.stats.l2Misses.increment();
      reportOnce("type:" + spec.name(),
          "Redis holds a value of another type under \"{}\" than {} reads ({}); it is a miss and is not "
              + "overwritten. Two methods (perhaps in two applications) cache different types under one prefix: "
              + "give them different prefixes.",
          look.key, spec.name(), spec.type());
      return Step.load(false);
    }
    if (!look.current(core.fences)) {
      return attempt + 1 < MAX_ATTEMPTS ? Step.RESTART : Step.load(false);
    }
    int stale = staleStamps(look, v, which, now);
    if (stale != 0) {
      if (look.lease == null || attempt + 1 >= MAX_ATTEMPTS) {
        core.stats.staleRejected.increment();
        core.stats.l2Misses.increment();
        return Step.load(false);
      }
      if (stale == STALE_BY_LOCAL_TOKEN) {
        // This instance's token may be the outdated one: read again with those tokens fetched.
        return Step.retry(null);
      }
      core.stats.staleRejected.increment();
      return Step.retry(Envelope.digest(bytes));
    }
    Object value;
    if (spec == Reads.EXISTS) {
      value = Boolean.TRUE;
    } else if (v.isNull()) {
      if (!spec.cacheNulls()) {
        core.stats.l2Misses.increment();
        return Step.load(false);
      }
      value = null;
    } else if (spec.isBytes()) {
      value = v.payload();
    } else {
      try {
        value = core.codec.decode(v.payload(), spec.type());
      } catch (RuntimeException e) {
        return garbage(look, bytes, attempt, "it does not decode as " + spec.type() + ": " + ThrottledLog.describe(e));
      }
      if (value == null && !spec.cacheNulls()) {
        core.stats.l2Misses.increment();
        return Step.load(false);
      }
    }
    core.stats.l2Hits.increment();
    if (spec.l1() && (!spec.isBytes() || v.fingerprint() == Envelope.BYTES)) {
      long ttl = spec.ttl().toNanos();
      if (reply.pttlMillis() >= 0) {
        ttl = Math.min(ttl, TimeUnit.MILLISECONDS.toNanos(reply.pttlMillis()));
      }
      if (ttl > 0) {
        core.fillL1(look, value, spec.type(), ttl, v.payloadLength() + 64);
      }
    }
    return Step.hit(value);
  }

  private Step garbage(Lookup look, byte[] bytes, int attempt, String why) {
    core.stats.decodeFailures.increment();
    core.throttled.warn("garbage:" + look.spec.name(),
        "The value under \"{}\" in Redis is a miss for {}: {}", look.key, look.spec.name(), why);
    if (look.lease == null || attempt + 1 >= MAX_ATTEMPTS) {
      core.stats.l2Misses.increment();
      return Step.load(false);
    }
    return Step.retry(Envelope.digest(bytes));
  }

  private static final int STALE_BY_FETCHED_TOKEN = 1;
  private static final int STALE_BY_LOCAL_TOKEN = 2;

  /**
   * 0 if every group of the key has a stamp in {@code v} equal to the group's current token. Otherwise
   * {@link #STALE_BY_FETCHED_TOKEN} when every differing token was just fetched from Redis (the value is
   * stale), or {@link #STALE_BY_LOCAL_TOKEN} when one was known locally: that one is forgotten, so that
   * the next read fetches it and settles which side is outdated.
   */
  private int staleStamps(Lookup look, Envelope.Value v, int[] which, long now) {
    int result = 0;
    for (int i = 0; i < look.states.length; i++) {
      GroupState s = look.states[i];
      long token = s.token(now, core.tokenMaxAgeNanos);
      Long stamp = v.stamp(s.boundary());
      if (token != GroupState.UNKNOWN && stamp != null && stamp == token) {
        continue;
      }
      if (stamp == null || token == GroupState.UNKNOWN || contains(which, i)) {
        result = Math.max(result, STALE_BY_FETCHED_TOKEN);
      } else {
        s.doubt();
        result = STALE_BY_LOCAL_TOKEN;
      }
    }
    return result;
  }

  /** Whether every stamp of {@code v} ends inside {@code key}, ascending, without repeats. */
  private static boolean boundariesFit(Envelope.Value v, String key) {
    int previous = -1;
    for (int b : v.boundaries()) {
      if (b <= previous || b > key.length()) {
        return false;
      }
      previous = b;
    }
    return true;
  }

  /** The boundaries {@code v} is stamped at that {@code known} does not have. */
  private static int[] extraBoundaries(Envelope.Value v, int[] known) {
    int[] extra = new int[v.boundaries().length];
    int n = 0;
    for (int b : v.boundaries()) {
      if (java.util.Arrays.binarySearch(known, b) < 0) {
        extra[n++] = b;
      }
    }
    return java.util.Arrays.copyOf(extra, n);
  }

  private static boolean contains(int[] which, int i) {
    for (int w : which) {
      if (w == i) {
        return true;
      }
    }
    return false;
  }

  /** Deletes this lookup's lease, if it is still there, so that others need not wait for it. */
  void release(Lookup look) {
    if (look.lease != null && core.l2 != null) {
      core.l2.release(look.key, look.lease).thenAccept(r -> {
        if (!r.succeeded()) {
          core.connectivity.failed(r.failure());
        }
      });
    }
  }

  void reportOnce(String what, String format, Object... args) {
    if (reported.putIfAbsent(what, Boolean.TRUE) == null) {
      CacheCore.log.error(format, args);
    }
  }

  /** What one L2 reply means. */
  record Step(Kind kind, Object value, boolean fill, byte[] digest, long delayNanos) {
    enum Kind { HIT, LOAD, RETRY, RESTART, POLL }

    static final Step RESTART = new Step(Kind.RESTART, null, false, null, 0);

    static Step hit(Object value) {
      return new Step(Kind.HIT, value, false, null, 0);
    }

    static Step load(boolean fill) {
      return new Step(Kind.LOAD, null, fill, null, 0);
    }

    static Step retry(byte[] digest) {
      return new Step(Kind.RETRY, null, false, digest, 0);
    }

    static Step poll(long delayNanos) {
      return new Step(Kind.POLL, null, false, null, delayNanos);
    }
  }}
