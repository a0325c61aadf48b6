package io.cachegen.runtime;

import io.cachegen.runtime.internal.CachedMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One seeded run of the freshness protocol ({@code docs/freshness-protocol.md} §11): several instances
 * of the real runtime against a {@link SimRedis}, a versioned database, a read and write workload, and
 * one fault at a time. Every read that completes, and every value Redis stores, is checked:
 *
 * <ul>
 *   <li><b>G1</b>: a read that started after a write returned on its instance returns at least the
 *       version the write made;
 *   <li><b>G2</b>: a value Redis stores after a write's invalidation ran there is, if a reader could
 *       accept it (its group stamps are the current tokens), at least the version the write made;
 *   <li><b>G3</b>: a read that started more than the staleness bound after a write's invalidation was
 *       published in Redis returns at least the version the write made.
 * </ul>
 */
final class Simulation {
  /** The cached value: which key, which database version. */
  record Val(String key, long version) {}

  private static final TypeRef<Val> VAL = TypeRef.of(Val.class);
  private static final JacksonValueCodec CODEC = new JacksonValueCodec();
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final CachedMethod<Val> ITEM = CachedMethod.of("Sim.item", "item:", VAL, TTL);
  private static final CachedMethod<Val> META = CachedMethod.of("Sim.meta", "meta:", VAL, TTL);
  private static final CachedMethod<Val> RECENT = CachedMethod.of("Sim.recent", "recent", VAL, TTL);
  private static final String[] LANGS = {"en", "fr"};

  /** What a run varies. */
  record Options(
      int instances, Duration duration, SimInstance.SimConfig config, boolean faults, int items, int metas, double writeGapMillis) {
    static Options typical(long seed) {
      java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
      Duration s = Duration.ofMillis(r.nextBoolean() ? 1000 : 300);
      Duration timeout = Duration.ofMillis(r.nextBoolean() ? 200 : 3000);
      double writeGap = r.nextBoolean() ? 35 : 400;
      return new Options(2 + r.nextInt(3), Duration.ofSeconds(20),
          new SimInstance.SimConfig(s, timeout, Duration.ofMillis(300), r.nextBoolean()), true, 30, 10, writeGap);
    }
  }

  /** What a run saw. */
  record Report(long seed, Options options, int reads, int writes, Map<String, Integer> faults, CacheStats stats,
      List<String> violations, String trace) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("seed " + seed + ": " + reads + " reads, " + writes + " writes, faults " + faults
          + ", " + options.instances() + " instances, S=" + options.config().stalenessBound().toMillis() + "ms, timeout="
          + options.config().commandTimeout().toMillis() + "ms, writes every ~" + (int) options.writeGapMillis() + "ms"
          + (options.config().clusterOrdering() ? ", cluster ordering" : ""));
      if (!violations.isEmpty()) {
        sb.append("\n").append(violations.size()).append(" violations, first ones:\n");
        violations.stream().limit(5).forEach(v -> sb.append("  ").append(v).append('\n'));
        sb.append("trace (last events):\n").append(trace);
      }
      return sb.toString();
    }
  }

  private final long seed;
  private final Options options;
  private final SimWorld world;
  private final SimRedis redis;
  private final List<SimInstance> instances = new ArrayList<>();
  private final Map<String, Long> db = new TreeMap<>();
  private final List<String> keys = new ArrayList<>();
  private final Map<String, List<Write>> writesByKey = new HashMap<>();
  private final List<Write> writes = new ArrayList<>();
  private final List<Write> unchanged = new ArrayList<>();
  private final List<Write> unpublished = new ArrayList<>();
  private final Map<String, Long> lastDelete = new HashMap<>();
  private final Map<String, Long> lastToken = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<String, Integer> faults = new TreeMap<>();
  private final BusCodec bus = new BusCodec(null);
  private final Settings settings;
  private final long bound;
  private long nextVersion = 1;
  private int reads;
  private int nextInstance;
  private boolean faultsOn;

  Simulation(long seed, Options options) {
    this.seed = seed;
    this.options = options;
    this.world = new SimWorld(seed, WATCHED != null ? 4000 : 400);
    this.redis = new SimRedis(world);
    this.bound = options.config().stalenessBound().toNanos();
    for (int i = 0; i < options.items(); i++) {
      keys.add("item:" + i);
    }
    for (int i = 0; i < options.metas(); i++) {
      for (String lang : LANGS) {
        keys.add("meta:" + i + ":" + lang);
      }
    }
    keys.add("recent");
    keys.forEach(k -> db.put(k, 0L));
    for (int i = 0; i < options.instances(); i++) {
      instances.add(newInstance());
    }
    this.settings = instances.get(0).core.settings;
    redis.observe(new Watcher());
  }

  private SimInstance newInstance() {
    return new SimInstance("i" + (nextInstance++), world, redis, options.config());
  }

  Report run() {
    long end = world.now() + options.duration().toNanos();
    for (int i = 0; i < instances.size(); i++) {
      int slot = i;
      world.after(world.millis(5, 20), () -> readLoop(slot, end));
      world.after(world.millis(20, 60), () -> writeLoop(slot, end));
    }
    if (options.faults()) {
      faultsOn = true;
      world.after(SimWorld.ms(500), () -> nextFault(end - options.config().stalenessBound().toNanos() * 3));
    }
    world.runUntil(end + SimWorld.ms(5000));
    CacheStats total = instances.get(0).cache.stats();
    return new Report(seed, options, reads, writes.size(), faults, total, violations, world.trace());
  }

  // ---------------------------------------------------------------------------------------------
  // Workload

  private void readLoop(int slot, long end) {
    if (world.now() >= end) {
      return;
    }
    SimInstance inst = instances.get(slot);
    String key = switch (world.random.nextInt(5)) {
      case 0 -> "recent";
      case 1 -> "meta:" + skewed(options.metas()) + ":" + LANGS[world.random.nextInt(2)];
      default -> "item:" + skewed(options.items());
    };
    inst.post(() -> read(inst, key));
    world.after(world.millis(0.5, 3), () -> readLoop(slot, end));
  }

  private static final String WATCHED = System.getProperty("sim.watch");

  private void read(SimInstance inst, String key) {
    long start = world.now();
    boolean watched = key.equals(WATCHED);
    CachedMethod<Val> method = key.startsWith("item:") ? ITEM : key.startsWith("meta:") ? META : RECENT;
    Val peeked = inst.core.reads.peek(method, key);
    CompletableFuture<Val> result = peeked != null
        ? CompletableFuture.completedFuture(peeked)
        : inst.core.reads.getAsync(Spec.of(method), key, () -> load(inst, key));
    if (watched) {
      world.log("read " + key + " on " + inst.id + (peeked != null ? " L1 peek hit " + peeked.version() : " miss"));
      result.thenAccept(v -> world.log("read " + key + " on " + inst.id + " started " + start / 1e6 + " -> " + v.version()));
    }
    result.whenComplete((v, e) -> {
      if (e != null) {
        violations.add("read of " + key + " on " + inst.id + " failed: " + e);
        return;
      }
      reads++;
      check(inst, key, start, v);
    });
  }

  /** The loader: reads the database a moment after it is called, and answers a moment later. */
  private CompletableFuture<Val> load(SimInstance inst, String key) {
    CompletableFuture<Val> f = new CompletableFuture<>();
    world.after(world.millis(0, 2), () -> {
      long version = db.get(key);
      if (key.equals(WATCHED)) {
        world.log("load " + key + " for " + inst.id + " reads db version " + version);
      }
      world.after(world.millis(0, 3), () -> inst.post(() -> f.complete(new Val(key, version))));
    });
    return f;
  }

  /**
   * 0 most often, then less and less (Zipf-like): the tail keys are read and written seldom, so a stale
   * copy of one would last.
   */
  private int skewed(int n) {
    double u = world.random.nextDouble();
    return (int) Math.min(n - 1, Math.floor(Math.pow(n + 1, u) - 1));
  }

  private void writeLoop(int slot, long end) {
    if (world.now() >= end) {
      return;
    }
    SimInstance inst = instances.get(slot);
    inst.post(() -> write(inst));
    world.after(world.millis(options.writeGapMillis() * 0.3, options.writeGapMillis() * 1.7), () -> writeLoop(slot, end));
  }

  private void write(SimInstance inst) {
    int kind = world.random.nextInt(100);
    List<String> dbKeys = new ArrayList<>();
    List<String> invKeys = new ArrayList<>();
    List<String> invGroups = new ArrayList<>();
    boolean set = false;
    if (kind < 40) {
      String k = "item:" + skewed(options.items());
      dbKeys.add(k);
      invKeys.add(k);
    } else if (kind < 80) {
      int n = skewed(options.metas());
      for (String lang : LANGS) {
        dbKeys.add("meta:" + n + ":" + lang);
      }
      invKeys.add("meta:" + n);
      invGroups.add("meta:" + n + ":");
    } else if (kind < 88) {
      keys.stream().filter(k -> k.startsWith("meta:")).forEach(dbKeys::add);
      invGroups.add("meta:");
    } else if (kind < 98) {
      dbKeys.add("recent");
      if (world.random.nextBoolean()) {
        invKeys.add("recent");
      } else {
        invGroups.add("recent");
      }
    } else {
      dbKeys.addAll(keys);
      invGroups.add("");
    }
    Write w = new Write(inst.id, dbKeys, invKeys, invGroups, world.now());
    if (dbKeys.contains(WATCHED)) {
      world.log("write on " + inst.id + " " + invKeys + " " + invGroups + " version " + nextVersion);
    }
    long version = nextVersion++;
    for (String k : dbKeys) {
      db.put(k, version);
      w.versions.put(k, version);
      writesByKey.computeIfAbsent(k, x -> new ArrayList<>()).add(w);
    }
    writes.add(w);
    unchanged.add(w);
    unpublished.add(w);
    CompletableFuture<Void> done;
    if (set) {
      String k = dbKeys.get(0);
      Val v = new Val(k, version);
      w.invKeys.add(k);
      byte[] payload = inst.core.codec.encode(v, VAL);
      done = inst.core.writes.setAsync(k, v, VAL, payload, TTL);
    } else {
      done = inst.core.writes.invalidateAsync(invKeys, invGroups);
    }
    done.whenComplete((x, e) -> w.returned = world.now());
  }

  // ---------------------------------------------------------------------------------------------
  // Faults, one at a time

  private void nextFault(long stopAt) {
    if (!faultsOn || world.now() >= stopAt) {
      return;
    }
    int which = world.random.nextInt(12);
    long d = world.millis(50, 2500);
    SimInstance inst = instances.get(world.random.nextInt(instances.size()));
    String name;
    long lasts = 0;
    switch (which) {
      case 0 -> {
        name = "subscription killed";
        inst.l2.subscription.drop("CLIENT KILL TYPE pubsub");
      }
      case 1 -> {
        name = "command connection killed";
        inst.l2.commands.drop("CLIENT KILL");
      }
      case 2 -> {
        name = "redis hung";
        redis.hang();
        world.after(d, redis::resume);
        lasts = d;
      }
      case 3 -> {
        name = "redis restarted empty";
        redis.crash();
        world.after(d, () -> redis.restart(Map.of()));
        lasts = d;
      }
      case 4 -> {
        name = "redis restarted from an older snapshot";
        Map<String, SimRedis.Str> snapshot = redis.snapshot();
        long age = world.millis(10, 800);
        world.after(age, () -> {
          redis.crash();
          world.after(d, () -> redis.restart(snapshot));
        });
        lasts = age + d;
      }
      case 5 -> {
        name = "redis out of memory";
        redis.oom(true);
        world.after(d, () -> redis.oom(false));
        lasts = d;
      }
      case 6 -> {
        name = "instance stalled";
        inst.stall(d);
        lasts = d;
      }
      case 7 -> {
        name = "latency spike";
        SimL2.Conn conn = world.random.nextBoolean() ? inst.l2.commands : inst.l2.subscription;
        conn.extraLatency = world.millis(5, 150);
        world.after(d, () -> conn.extraLatency = 0);
        lasts = d;
      }
      case 8 -> {
        name = "instance crashed and replaced";
        int slot = instances.indexOf(inst);
        inst.crash();
        world.after(d, () -> instances.set(slot, newInstance()));
        lasts = d;
      }
      case 9 -> {
        name = "garbage planted";
        String key = keys.get(world.random.nextInt(keys.size()));
        switch (world.random.nextInt(3)) {
          case 0 -> redis.plant(key, "{}".getBytes(StandardCharsets.UTF_8));
          case 1 -> redis.plantOtherType(key);
          default -> redis.plant(key, new byte[2 << 20]);
        }
      }
      case 10 -> {
        name = "forged flush message";
        redis.publish(settings.invalidationChannel(),
            "{\"v\":1,\"s\":\"attacker\",\"k\":[],\"g\":[\"\"]}".getBytes(StandardCharsets.UTF_8));
      }
      default -> {
        name = "none";
      }
    }
    faults.merge(name, 1, Integer::sum);
    world.log("FAULT " + name + (lasts > 0 ? " for " + lasts / 1_000_000 + " ms" : "") + " on " + inst.id);
    long quiet = lasts + options.config().stalenessBound().toNanos() * 2 + options.config().commandTimeout().toNanos()
        + world.millis(200, 800);
    world.after(quiet, () -> nextFault(stopAt));
  }

  // ---------------------------------------------------------------------------------------------
  // Checks

  /** A write: the database keys it changed, what it invalidated, and when it returned, ran, and was published. */
  private static final class Write {
    final String instance;
    final List<String> dbKeys;
    final List<String> invKeys;
    final List<String> invGroups;
    final long dbTime;
    final Map<String, Long> versions = new LinkedHashMap<>();
    long returned = -1;
    long changed = -1;
    long published = -1;

    Write(String instance, List<String> dbKeys, List<String> invKeys, List<String> invGroups, long dbTime) {
      this.instance = instance;
      this.dbKeys = dbKeys;
      this.invKeys = new ArrayList<>(invKeys);
      this.invGroups = invGroups;
      this.dbTime = dbTime;
    }

    @Override
    public String toString() {
      return "write on " + instance + " of " + versions + " (invalidating " + invKeys + " " + invGroups + ") at "
          + dbTime / 1e6 + "ms, returned " + returned / 1e6 + ", ran " + changed / 1e6 + ", published " + published / 1e6;
    }
  }

  private void check(SimInstance inst, String key, long start, Val v) {
    if (v == null || !v.key().equals(key)) {
      violations.add("read of " + key + " on " + inst.id + " returned " + v);
      return;
    }
    List<Write> ofKey = writesByKey.getOrDefault(key, List.of());
    for (int i = ofKey.size() - 1; i >= 0; i--) {
      Write w = ofKey.get(i);
      long needed = w.versions.get(key);
      if (v.version() >= needed) {
        break; // writes are appended in version order: the older ones are satisfied too
      }
      if (w.instance.equals(inst.id) && w.returned >= 0 && w.returned <= start) {
        violations.add(String.format("G1: read of %s on %s started at %.3fms returned version %d, older than %s",
            key, inst.id, start / 1e6, v.version(), w));
        world.log("VIOLATION G1 " + key);
      } else if (w.published >= 0 && w.published + bound <= start) {
        violations.add(String.format("G3: read of %s on %s started at %.3fms returned version %d, older than %s",
            key, inst.id, start / 1e6, v.version(), w));
        world.log("VIOLATION G3 " + key);
      }
    }
  }

  /** Whether the key- or group-removal units of {@code w} all ran in Redis after its database change. */
  private boolean ran(Write w) {
    for (String k : w.invKeys) {
      if (!after(lastDelete.get(k), w.dbTime) && !groupRanFor(k, w.dbTime)) {
        return false;
      }
    }
    for (String g : w.invGroups) {
      if (!groupRanFor(g, w.dbTime)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the token of a group containing everything that starts with {@code text} changed after {@code time}. */
  private boolean groupRanFor(String text, long time) {
    for (Map.Entry<String, Long> e : lastToken.entrySet()) {
      if (text.startsWith(e.getKey()) && e.getValue() >= time) {
        return true;
      }
    }
    return false;
  }

  private static boolean after(Long t, long time) {
    return t != null && t >= time;
  }

  private String declaredPrefix(String key) {
    return key.startsWith("item:") ? "item:" : key.startsWith("meta:") ? "meta:" : "recent";
  }

  /** Sees what Redis runs: removals, tokens, stores (G2) and messages (publication times for G3). */
  private final class Watcher implements SimRedis.Observer {
    @Override
    public void deleted(String key) {
      lastDelete.put(key, world.now());
      markChanged();
    }

    @Override
    public void valueSet(String key) {
      lastDelete.put(key, world.now());
      markChanged();
    }

    @Override
    public void tokenSet(String tokenKey) {
      String prefix = settings.tokenKey("");
      if (tokenKey.startsWith(prefix)) {
        lastToken.put(tokenKey.substring(prefix.length()), world.now());
      }
      markChanged();
    }

    private void markChanged() {
      unchanged.removeIf(w -> {
        if (ran(w)) {
          w.changed = world.now();
          return true;
        }
        return false;
      });
    }

    @Override
    public void published(String channel, byte[] payload) {
      if (!channel.equals(settings.invalidationChannel())) {
        return;
      }
      BusMessage m;
      try {
        m = bus.decode(payload);
      } catch (BusCodec.Rejected e) {
        return;
      }
      unpublished.removeIf(w -> {
        if (w.changed >= 0 && covers(m, w)) {
          w.published = world.now();
          return true;
        }
        return false;
      });
    }

    private boolean covers(BusMessage m, Write w) {
      for (String k : w.invKeys) {
        if (!m.keys().contains(k) && m.groups().stream().noneMatch(k::startsWith)) {
          return false;
        }
      }
      for (String g : w.invGroups) {
        if (m.groups().stream().noneMatch(g::startsWith)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void stored(String key, byte[] value) {
      Envelope.Value v = Envelope.parse(value);
      if (v == null || v.fingerprint() != VAL.fingerprint()) {
        return;
      }
      Val val = CODEC.decode(v.payload(), VAL);
      if (key.equals(WATCHED)) {
        world.log("redis stores " + key + " version " + val.version());
      }
      for (int b : Groups.boundaries(key, declaredPrefix(key))) {
        Long stamp = v.stamp(b);
        if (stamp == null || stamp != redis.token(settings.tokenKey(key.substring(0, b)))) {
          return; // no reader can accept it
        }
      }
      List<Write> ofKey = writesByKey.getOrDefault(key, List.of());
      for (int i = ofKey.size() - 1; i >= 0 && val.version() < ofKey.get(i).versions.get(key); i--) {
        Write w = ofKey.get(i);
        if (w.changed >= 0) {
          violations.add(String.format("G2: Redis stored version %d of %s at %.3fms, readable, after %s",
              val.version(), key, world.now() / 1e6, w));
          world.log("VIOLATION G2 " + key);
        }
      }
    }
  }
}
