package io.cachegen.samples.demo;

import static io.cachegen.samples.db.Schema.ACTIONS;
import static io.cachegen.samples.db.Schema.LANGUAGES;
import static io.cachegen.samples.db.Schema.RESOURCES;
import static io.cachegen.samples.db.Schema.ROLES;
import static io.cachegen.samples.db.Schema.SERVER_SETTINGS;
import static io.cachegen.samples.db.Schema.TITLE_WORDS;

import io.cachegen.samples.db.Schema;
import io.cachegen.samples.di.MediaServices;
import io.cachegen.samples.domain.ImageKind;
import io.cachegen.samples.domain.ImageMetadata;
import io.cachegen.samples.domain.Movie;
import io.cachegen.samples.domain.Policy;
import io.cachegen.samples.domain.ServerSetting;
import io.cachegen.samples.domain.Session;
import io.cachegen.samples.domain.User;
import io.cachegen.samples.domain.UserSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A media-server workload: Zipf-skewed keys, 95% reads over all thirteen cached methods, 5% writes.
 *
 * <p>Each write is followed by a staleness check: the writer reads the entity back through its own
 * instance and must see what it wrote (read your writes); with two instances it then polls the other
 * instance until that one sees it too, up to {@link #PROPAGATION_LIMIT}, and records how long that took.
 * A stale read-back on the writer's instance counts as a stale read; it is polled too, so that the
 * report can tell one that healed from one still stale after the limit.
 * Every entity is written by one thread only (threads own ids by remainder), so a check never races
 * another writer.
 */
final class Workload {
  /** How long the other instance may take to see a write before the read counts as stale. */
  static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(1);

  /** The operations, with their weight per thousand requests. */
  enum Op {
    GET_SESSION(171, false),
    GET_USER(95, false),
    ENFORCE(133, false),
    POLICIES(28, false),
    SERVER_SETTING(48, false),
    USER_SETTINGS(67, false),
    GET_MOVIE(143, false),
    METADATA(67, false),
    RECENTLY_ADDED(38, false),
    TOP_RATED(19, false),
    SEARCH(47, false),
    IMAGE(76, false),
    LIBRARY_STATS(18, false),
    UPDATE_MOVIE(12, true),
    UPDATE_USER(8, true),
    SAVE_USER_SETTINGS(8, true),
    EXTEND_SESSION(10, true),
    ASSIGN_ROLE(4, true),
    PUT_SERVER_SETTING(3, true),
    SAVE_IMAGE(4, true),
    PUT_POLICY(1, true);

    final int weight;
    final boolean write;

    Op(int weight, boolean write) {
      this.weight = weight;
      this.write = write;
    }

    private static final Op[] BY_PERMILLE = new Op[1000];

    static {
      int i = 0;
      for (Op op : values()) {
        for (int w = 0; w < op.weight; w++) {
          BY_PERMILLE[i++] = op;
        }
      }
      if (i != 1000) {
        throw new AssertionError("weights add up to " + i);
      }
    }

    static Op pick(SplittableRandom random) {
      return BY_PERMILLE[random.nextInt(1000)];
    }
  }

  /** What one phase did. */
  static final class Result {
    final String label;
    long requests;
    long writes;
    long errors;
    long elapsedNanos;
    int threads;
    /** Time the workers spent in {@link Worker#check}: the demo's own read-backs, not the workload. */
    long checkNanos;
    final LatencyHistogram latency = new LatencyHistogram();
    final EnumMap<Op, Long> counts = new EnumMap<>(Op.class);
    long ownChecks;
    long ownStale;
    long crossChecks;
    long crossStale;
    long persistentStale;
    final LatencyHistogram propagation = new LatencyHistogram();
    final List<String> staleExamples = new ArrayList<>();
    Throwable firstError;

    Result(String label) {
      this.label = label;
    }

    long staleReads() {
      return ownStale + crossStale;
    }

    /** Requests per second of the workers' time outside the demo's own checks. */
    double requestsPerSecond() {
      double working = elapsedNanos - (threads == 0 ? 0 : (double) checkNanos / threads);
      return working <= 0 ? 0 : requests * 1e9 / working;
    }
  }

  private final List<MediaServices> instances;
  private final Schema.Seeded seeded;
  private final int threads;
  private final boolean verify;
  private final long randomSeed;
  private final Zipf movies;
  private final Zipf users;
  private final Zipf sessions;
  private final Zipf words;
  private final Zipf settings;
  private final AtomicLong issued = new AtomicLong();
  private final LongAdder completed = new LongAdder();
  private final ConcurrentLinkedQueue<String> staleExamples = new ConcurrentLinkedQueue<>();
  private volatile long budget;
  private volatile long deadline;
  private volatile long startedAt;

  Workload(List<MediaServices> instances, Schema.Seeded seeded, int threads, boolean verify, long randomSeed) {
    this.instances = List.copyOf(instances);
    this.seeded = seeded;
    this.threads = threads;
    this.verify = verify;
    this.randomSeed = randomSeed;
    Schema.Size size = seeded.size();
    this.movies = new Zipf(size.movies(), 1.0);
    this.users = new Zipf(size.users(), 1.0);
    this.sessions = new Zipf(size.sessions(), 1.0);
    this.words = new Zipf(TITLE_WORDS.size(), 1.0);
    this.settings = new Zipf(SERVER_SETTINGS.size(), 1.0);
  }

  /** Requests completed so far in the running phase. */
  long completed() {
    return completed.sum();
  }

  /** The fraction of the running phase done, by requests or by time. */
  double progress() {
    if (budget > 0) {
      return Math.min(1, (double) completed.sum() / budget);
    }
    long total = deadline - startedAt;
    return total <= 0 ? 0 : Math.min(1, (double) (System.nanoTime() - startedAt) / total);
  }

  /** Runs {@code requests} requests, or for {@code duration} if {@code requests} is 0, on all threads. */
  Result run(String label, long requests, Duration duration) {
    issued.set(0);
    completed.reset();
    staleExamples.clear();
    budget = requests;
    startedAt = System.nanoTime();
    deadline = requests > 0 ? Long.MAX_VALUE : startedAt + duration.toNanos();
    List<Worker> workers = new ArrayList<>();
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Worker w = new Worker(t);
      workers.add(w);
      Thread thread = new Thread(w, "demo-" + label + "-" + t);
      thread.setDaemon(true);
      running.add(thread);
      thread.start();
    }
    for (Thread thread : running) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    Result result = new Result(label);
    result.elapsedNanos = System.nanoTime() - startedAt;
    result.threads = threads;
    for (Worker w : workers) {
      result.requests += w.requests;
      result.checkNanos += w.checkNanos;
      result.writes += w.writes;
      result.errors += w.errors;
      result.latency.add(w.latency);
      result.propagation.add(w.propagation);
      result.ownChecks += w.ownChecks;
      result.ownStale += w.ownStale;
      result.crossChecks += w.crossChecks;
      result.crossStale += w.crossStale;
      result.persistentStale += w.persistentStale;
      for (int i = 0; i < w.counts.length; i++) {
        if (w.counts[i] > 0) {
          result.counts.merge(Op.values()[i], w.counts[i], Long::sum);
        }
      }
      if (result.firstError == null) {
        result.firstError = w.firstError;
      }
    }
    result.staleExamples.addAll(staleExamples);
    return result;
  }

  private final class Worker implements Runnable {
    final int t;
    final MediaServices own;
    final MediaServices other;
    final String ownName;
    final String otherName;
    final SplittableRandom random;
    final LatencyHistogram latency = new LatencyHistogram();
    final LatencyHistogram propagation = new LatencyHistogram();
    final long[] counts = new long[Op.values().length];
    long requests;
    long writes;
    long errors;
    long ownChecks;
    long ownStale;
    long crossChecks;
    long crossStale;
    long persistentStale;
    long sequence;
    long checkNanos;
    Throwable firstError;

    Worker(int t) {
      this.t = t;
      int n = instances.size();
      this.own = instances.get(t % n);
      this.ownName = "instance " + (t % n + 1);
      this.other = n > 1 ? instances.get((t + 1) % n) : null;
      this.otherName = "instance " + ((t + 1) % n + 1);
      this.random = new SplittableRandom(randomSeed * 31 + t);
    }

    @Override
    public void run() {
      while (true) {
        if (budget > 0) {
          if (issued.getAndIncrement() >= budget) {
            return;
          }
        } else if (System.nanoTime() >= deadline) {
          return;
        }
        Op op = Op.pick(random);
        long checkedBefore = checkNanos;
        long start = System.nanoTime();
        try {
          op = execute(op);
        } catch (RuntimeException e) {
          errors++;
          if (firstError == null) {
            firstError = e;
          }
        }
        latency.record(System.nanoTime() - start - (checkNanos - checkedBefore));
        counts[op.ordinal()]++;
        requests++;
        if (op.write) {
          writes++;
        }
        completed.increment();
      }
    }

    /** Runs {@code op} (or a read instead, if this thread owns nothing it could write) and returns what ran. */
    Op execute(Op op) {
      MediaServices s = own;
      Schema.Size size = seeded.size();
      switch (op) {
        case GET_SESSION -> s.sessions().getSession(seeded.sessionTokens().get(sessions.sample(random)));
        case GET_USER -> s.users().getUser(userId());
        case ENFORCE -> s.rbac().enforce(userId(), pick(RESOURCES), pick(ACTIONS));
        case POLICIES -> s.rbac().policiesForRole(pick(ROLES));
        case SERVER_SETTING -> s.settings().getServerSetting(SERVER_SETTINGS.get(settings.sample(random)));
        case USER_SETTINGS -> s.settings().getUserSettings(userId());
        case GET_MOVIE -> s.movies().getMovie(movieId());
        case METADATA -> s.movies().getMetadata(movieId(), pick(LANGUAGES));
        case RECENTLY_ADDED -> s.movies().recentlyAdded();
        case TOP_RATED -> s.movies().topRated();
        case SEARCH -> s.search().search(TITLE_WORDS.get(words.sample(random)), random.nextInt(10) < 8 ? 0 : 1);
        case IMAGE -> s.images().getImage(movieId(), pick(List.of(ImageKind.values())));
        case LIBRARY_STATS -> s.libraries().stats(1 + random.nextInt(size.libraries()));
        case UPDATE_MOVIE -> {
          long id = owned1(movieId(), size.movies());
          Movie current = require(s.movies().getMovie(id), "movie", id);
          Movie updated = current.withRating(Math.round((2 + random.nextDouble() * 8) * 10) / 10.0, current.votes() + 1);
          s.movies().updateMovie(updated);
          check("movie " + id, x -> x.movies().getMovie(id), updated);
        }
        case UPDATE_USER -> {
          long id = owned1(userId(), size.users());
          User current = require(s.users().getUser(id), "user", id);
          User updated = current.withDisplayName("User " + id + " (" + t + "." + ++sequence + ")");
          s.users().updateUser(updated);
          check("user " + id, x -> x.users().getUser(id), updated);
        }
        case SAVE_USER_SETTINGS -> {
          long id = owned1(userId(), size.users());
          UserSettings current = require(s.settings().getUserSettings(id), "user settings", id);
          UserSettings updated = current.withTheme(current.theme().equals("dark") ? "light" : "dark");
          s.settings().saveUserSettings(updated);
          check("settings of user " + id, x -> x.settings().getUserSettings(id), updated);
        }
        case EXTEND_SESSION -> {
          int index = owned0(sessions.sample(random), size.sessions());
          UUID token = seeded.sessionTokens().get(index);
          Session current = require(s.sessions().getSession(token), "session", index);
          Instant expiresAt = Schema.EPOCH.plusMillis(random.nextLong(60L * 86_400_000L));
          s.sessions().extendSession(token, expiresAt);
          check("session " + token, x -> x.sessions().getSession(token), current.withExpiresAt(expiresAt));
        }
        case ASSIGN_ROLE -> {
          long id = owned1(userId(), size.users());
          String role = pick(ROLES);
          s.rbac().assignRole(id, role);
          List<Object> expected =
              List.of(
                  role,
                  Schema.allowed(role, "settings", "write"),
                  Schema.allowed(role, "movies", "write"));
          check(
              "role of user " + id,
              x -> {
                User user = x.users().getUser(id);
                return List.of(
                    user == null ? "?" : user.role(),
                    x.rbac().enforce(id, "settings", "write"),
                    x.rbac().enforce(id, "movies", "write"));
              },
              expected);
        }
        case PUT_SERVER_SETTING -> {
          int index = owned0(settings.sample(random), SERVER_SETTINGS.size());
          if (index < 0) {
            return execute(Op.SERVER_SETTING);
          }
          ServerSetting updated = new ServerSetting(SERVER_SETTINGS.get(index), "value " + t + "." + ++sequence);
          s.settings().putServerSetting(updated);
          check("setting " + updated.name(), x -> x.settings().getServerSetting(updated.name()), updated);
        }
        case SAVE_IMAGE -> {
          long id = owned1(movieId(), size.movies());
          ImageKind kind = pick(List.of(ImageKind.values()));
          ImageMetadata current = require(s.images().getImage(id, kind), "image", id);
          ImageMetadata updated =
              new ImageMetadata(
                  id, kind, current.url(), current.width(), current.height(), Long.toHexString(random.nextLong()));
          s.images().saveImage(updated);
          check("image " + id + " " + kind, x -> x.images().getImage(id, kind), updated);
        }
        case PUT_POLICY -> {
          if (t != 0 || random.nextInt(20) != 0) {
            // One writer for the policy table, and rarely: each change drops every cached decision.
            return execute(Op.POLICIES);
          }
          boolean allowed =
              s.rbac().policiesForRole("guest").stream()
                  .filter(p -> p.resource().equals("downloads") && p.action().equals("read"))
                  .anyMatch(Policy::allowed);
          Policy updated = new Policy("guest", "downloads", "read", !allowed);
          s.rbac().putPolicy(updated);
          check("guest policy", x -> x.rbac().policiesForRole("guest").contains(updated), true);
        }
        default -> throw new AssertionError(op);
      }
      return op;
    }

    /** {@link #verify Verifies} a write, timing the check apart from the workload's latency and throughput. */
    <T> void check(String what, Function<MediaServices, T> read, T expected) {
      if (!verify) {
        return;
      }
      long writtenAt = System.nanoTime();
      try {
        verify(what, read, expected, writtenAt);
      } finally {
        checkNanos += System.nanoTime() - writtenAt;
      }
    }

    /**
     * Reads back through this instance, which must show the write at once; then, with two instances,
     * polls the other until it shows it too or {@link #PROPAGATION_LIMIT} has passed. A miss on this
     * instance is polled the same way, to tell a stale read that heals from one that stays.
     */
    <T> void verify(String what, Function<MediaServices, T> read, T expected, long writtenAt) {
      ownChecks++;
      T seen = read.apply(own);
      if (!Objects.equals(seen, expected)) {
        ownStale++;
        long healedAfter = poll(own, read, expected, writtenAt);
        if (healedAfter < 0) {
          persistentStale++;
        }
        stale(what + " read back on " + ownName + ": wrote " + expected + ", read " + seen
            + (healedAfter < 0 ? "; still stale after " + PROPAGATION_LIMIT.toMillis() + " ms"
                : "; correct after " + String.format(java.util.Locale.ROOT, "%.1f ms", healedAfter / 1e6)));
      }
      if (other == null) {
        return;
      }
      crossChecks++;
      long seenAfter = poll(other, read, expected, writtenAt);
      if (seenAfter >= 0) {
        propagation.record(seenAfter);
      } else {
        crossStale++;
        persistentStale++;
        stale(what + " on " + otherName + ": wrote " + expected + ", still read " + read.apply(other) + " after "
            + PROPAGATION_LIMIT.toMillis() + " ms");
      }
    }

    /** Nanoseconds from {@code since} until {@code instance} shows {@code expected}, or -1 if it did not in time. */
    <T> long poll(MediaServices instance, Function<MediaServices, T> read, T expected, long since) {
      long limit = since + PROPAGATION_LIMIT.toNanos();
      while (true) {
        T seen = read.apply(instance);
        long now = System.nanoTime();
        if (Objects.equals(seen, expected)) {
          return now - since;
        }
        if (now >= limit) {
          return -1;
        }
        LockSupport.parkNanos(100_000);
      }
    }

    void stale(String example) {
      if (staleExamples.size() < 5) {
        staleExamples.add(example);
      }
    }

    long movieId() {
      return 1 + movies.sample(random);
    }

    long userId() {
      return 1 + users.sample(random);
    }

    <T> T pick(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    /** The id nearest {@code id} (1-based, at most {@code n}) that this thread owns. */
    long owned1(long id, int n) {
      return 1 + owned0((int) (id - 1), n);
    }

    /** The index nearest {@code index} (0-based, below {@code n}) that this thread owns, or -1 if none. */
    int owned0(int index, int n) {
      int owned = index - index % threads + t;
      if (owned >= n) {
        owned -= threads;
      }
      return owned;
    }

    <T> T require(T value, String what, long id) {
      if (value == null) {
        throw new IllegalStateException(what + " " + id + " is missing");
      }
      return value;
    }
  }
}
