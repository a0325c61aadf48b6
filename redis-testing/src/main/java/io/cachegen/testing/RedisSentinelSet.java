package io.cachegen.testing;

import static io.cachegen.testing.Topology.PROBE;
import static io.cachegen.testing.Topology.live;
import static io.cachegen.testing.Topology.require;

import io.cachegen.testing.Await.NotYet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis Sentinel set-up for tests: a master, one replica and three sentinels with quorum 2 unless told
 * otherwise, each a process on a free loopback port with its own directory, waited on until every sentinel names
 * the same master, knows every other sentinel and every replica, and every replica's link is up.
 *
 * <pre>{@code
 * try (RedisSentinelSet redis = RedisSentinelSet.start()) {
 *   String uri = redis.uri();                        // redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3#mymaster
 *   RedisServer old = redis.master();
 *   RedisServer promoted = redis.killMasterAndAwaitFailover();
 *   old.restart();                                   // rejoins as a replica of the promoted one
 *   redis.awaitHealthy();
 * }
 * }</pre>
 *
 * <p>{@link #uri()} is Lettuce's form, {@code redis-sentinel://host:port,host:port#masterId}, which
 * {@code RedisURI.create} reads as it is. Each sentinel starts from its own config file, which it rewrites as it
 * learns (so a restarted sentinel rejoins knowing the current master); {@code down-after-milliseconds} is 1 s and
 * {@code failover-timeout} 3 s by default, everyone announces 127.0.0.1. Data nodes have no persistence; a data
 * node restarted with {@link RedisServer#restart()} comes back as a replica of the master the sentinels name at
 * that moment (or as master if they still name it), instead of waiting for a sentinel to convert it.
 *
 * <p>Nodes are {@link RedisServer}s: kill, pause, resume and restart them as any server. Roles change with
 * failovers, so {@link #master()} and {@link #replicas()} ask the sentinels each time. Every wait is bounded
 * ({@link Builder#awaitTimeout}) and fails with what each sentinel and data node reports.
 * Measured on a 2-core machine shared with other builds, Redis 7.0: healthy about 3 s after the call (sentinels
 * find each other through hello messages sent every 2 s); {@link #killMasterAndAwaitFailover} returns about 3.2 s
 * after the SIGKILL with the defaults (down after 1 s, then agreement, election and promotion).
 */
public final class RedisSentinelSet implements AutoCloseable {
  /** The default master name: {@code mymaster}. */
  public static final String DEFAULT_MASTER_NAME = "mymaster";
  /** The default {@code down-after-milliseconds}: 1 s. */
  public static final Duration DEFAULT_DOWN_AFTER = Duration.ofSeconds(1);
  /** The default {@code failover-timeout}: 3 s (a failed election is retried after twice this). */
  public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(3);
  /** The default bound on every wait: 30 s. */
  public static final Duration DEFAULT_AWAIT_TIMEOUT = Duration.ofSeconds(30);

  private final Path root;
  private final String masterName;
  private final int quorum;
  private final Duration awaitTimeout;
  private final List<RedisServer> dataNodes = new ArrayList<>();
  private final List<RedisServer> sentinels = new ArrayList<>();

  private RedisSentinelSet(Path root, String masterName, int quorum, Duration awaitTimeout) {
    this.root = root;
    this.masterName = masterName;
    this.quorum = quorum;
    this.awaitTimeout = awaitTimeout;
  }

  /** Starts a master, one replica and three sentinels with quorum 2. */
  public static RedisSentinelSet start() {
    return builder().start();
  }

  /** A builder, to change the counts, the quorum, the timeouts or the data nodes' arguments. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures and starts a {@link RedisSentinelSet}. */
  public static final class Builder {
    private int replicas = 1;
    private int sentinels = 3;
    private int quorum = 2;
    private String masterName = DEFAULT_MASTER_NAME;
    private Duration downAfter = DEFAULT_DOWN_AFTER;
    private Duration failoverTimeout = DEFAULT_FAILOVER_TIMEOUT;
    private Duration awaitTimeout = DEFAULT_AWAIT_TIMEOUT;
    private List<String> args = List.of();

    private Builder() {}

    /** How many replicas the master has: 1 by default; a failover needs at least 1. */
    public Builder replicas(int replicas) {
      require(replicas >= 0 && replicas <= 5, "replicas must be between 0 and 5, not " + replicas);
      this.replicas = replicas;
      return this;
    }

    /** How many sentinels watch the master: 3 by default. */
    public Builder sentinels(int sentinels) {
      require(sentinels >= 1 && sentinels <= 7, "sentinels must be between 1 and 7, not " + sentinels);
      this.sentinels = sentinels;
      return this;
    }

    /** How many sentinels must agree that the master is down: 2 by default. */
    public Builder quorum(int quorum) {
      require(quorum >= 1, "quorum must be at least 1, not " + quorum);
      this.quorum = quorum;
      return this;
    }

    /** The name the sentinels know the master by, and the URI's master id: {@code mymaster} by default. */
    public Builder masterName(String masterName) {
      require(masterName.matches("[A-Za-z0-9._-]+"), "masterName must be letters, digits, '.', '_' or '-', not \"" + masterName + "\"");
      this.masterName = masterName;
      return this;
    }

    /** {@code down-after-milliseconds}: how long the master may be silent before it is down; 1 s by default. */
    public Builder downAfter(Duration downAfter) {
      require(downAfter.toMillis() >= 100, "downAfter must be at least 100 ms, not " + downAfter);
      this.downAfter = downAfter;
      return this;
    }

    /** {@code failover-timeout}: 3 s by default; a sentinel retries a failed failover after twice this. */
    public Builder failoverTimeout(Duration failoverTimeout) {
      require(failoverTimeout.toMillis() >= 500, "failoverTimeout must be at least 500 ms, not " + failoverTimeout);
      this.failoverTimeout = failoverTimeout;
      return this;
    }

    /** The bound on every wait (start, failover, healing, replication); 30 s by default. */
    public Builder awaitTimeout(Duration awaitTimeout) {
      require(!awaitTimeout.isNegative() && !awaitTimeout.isZero(), "awaitTimeout must be positive, not " + awaitTimeout);
      this.awaitTimeout = awaitTimeout;
      return this;
    }

    /** Extra {@code redis-server} arguments for the master and its replicas (not the sentinels), passed as they are. */
    public Builder args(String... args) {
      this.args = List.of(args);
      return this;
    }

    /** Starts the data nodes and the sentinels and waits until they are healthy. */
    public RedisSentinelSet start() {
      require(quorum <= sentinels, "quorum " + quorum + " cannot be reached by " + sentinels + " sentinels");
      RedisSentinelSet set = new RedisSentinelSet(Topology.tempDir("redis-sentinel-"), masterName, quorum, awaitTimeout);
      try {
        set.launch(this);
        return set;
      } catch (RuntimeException e) {
        set.close();
        throw e;
      }
    }

    private List<String> dataArgs(Integer masterPort) {
      List<String> all = new ArrayList<>(List.of("--repl-diskless-sync-delay", "0", "--replica-announce-ip", "127.0.0.1"));
      if (masterPort != null) {
        all.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
      }
      all.addAll(args);
      return all;
    }
  }

  /**
   * Lettuce's Sentinel URI, {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3#mymaster}: every
   * sentinel, then the master id after {@code #}.
   */
  public String uri() {
    return sentinels.stream().map(s -> s.host() + ":" + s.port())
        .collect(Collectors.joining(",", "redis-sentinel://", "#" + masterName));
  }

  /** The name the sentinels know the master by ({@code mymaster} by default). */
  public String masterName() {
    return masterName;
  }

  /** The data node the live sentinels name as master now (the most named, if they disagree). */
  public RedisServer master() {
    Map<Integer, Integer> votes = new HashMap<>();
    for (RedisServer sentinel : sentinels) {
      if (live(sentinel)) {
        try {
          votes.merge(masterPortNamedBy(sentinel), 1, Integer::sum);
        } catch (RuntimeException e) {
          // a sentinel that does not answer has no say
        }
      }
    }
    int port = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
        .orElseThrow(() -> new IllegalStateException("no sentinel of " + this + " answers"));
    return dataNode(port);
  }

  /** Every data node but {@link #master()}, whatever its state. */
  public List<RedisServer> replicas() {
    RedisServer master = master();
    return dataNodes.stream().filter(n -> n != master).toList();
  }

  /** The master and its replicas, in start order (the first was the master at start), whatever their state. */
  public List<RedisServer> dataNodes() {
    return List.copyOf(dataNodes);
  }

  /** The sentinels, in start order. */
  public List<RedisServer> sentinels() {
    return List.copyOf(sentinels);
  }

  /**
   * Kills the master with {@code SIGKILL} and waits until every live sentinel names the same new master, which
   * answers {@code ROLE} as master, every live replica follows it with its link up, and the sentinels know them.
   *
   * @return the promoted replica
   * @throws IllegalStateException if no live replica can take over, if too few sentinels are live to authorize a
   *     failover, or if it does not complete within the wait bound (with a diagnosis of every node)
   */
  public RedisServer killMasterAndAwaitFailover() {
    RedisServer old = master();
    List<RedisServer> data = dataNodes.stream().filter(n -> n != old && live(n)).toList();
    if (data.isEmpty()) {
      throw new IllegalStateException(old + " has no live replica to promote");
    }
    List<RedisServer> liveSentinels = sentinels.stream().filter(Topology::live).toList();
    int needed = Math.max(quorum, sentinels.size() / 2 + 1);
    if (liveSentinels.size() < needed) {
      throw new IllegalStateException("a failover needs " + needed + " live sentinels (the quorum and a majority of "
          + sentinels.size() + "); " + liveSentinels.size() + " are live");
    }
    old.kill();
    return Await.until("failover of " + old, awaitTimeout, () -> {
      RedisServer master = check(data, liveSentinels);
      if (master == old) {
        throw new NotYet("the sentinels still name " + old);
      }
      return master;
    }, this::diagnosis);
  }

  /**
   * Waits until every process runs, every sentinel names the same master and knows every other sentinel and
   * every replica as up, the master answers {@code ROLE} as master and every other data node replicates it with
   * its link up.
   *
   * @throws IllegalStateException after the wait bound, with a diagnosis of every node
   */
  public void awaitHealthy() {
    awaitHealthy(awaitTimeout);
  }

  /** Like {@link #awaitHealthy()}, waiting at most {@code timeout}. */
  public void awaitHealthy(Duration timeout) {
    Await.until("a healthy sentinel set", timeout, () -> check(dataNodes, sentinels), this::diagnosis);
  }

  /**
   * Resumes paused processes, restarts stopped or killed ones (sentinels first, then data nodes as replicas of
   * the master the sentinels name), and waits until healthy. A data node that still says it is master after the
   * sentinels agreed on another (a master paused through a failover) is made a replica at once, where a
   * sentinel would wait 8 s or more before converting it. A master killed and restarted before the sentinels
   * failed it over comes back empty and stays master, and its replicas follow it: its keys are gone, as with any
   * Redis without persistence.
   */
  public void heal() {
    for (RedisServer node : all()) {
      if (node.isPaused()) {
        node.resume();
      }
    }
    for (RedisServer node : all()) { // sentinels first: a data node asks them whom to follow
      if (!node.isRunning()) {
        node.restart();
      }
    }
    Await.until("a healed sentinel set", awaitTimeout, () -> {
      demoteStrayMasters();
      return check(dataNodes, sentinels);
    }, this::diagnosis);
  }

  /** Empties the master ({@code FLUSHALL}) and waits until its live replicas are empty too. */
  public void flushAll() {
    master().command("FLUSHALL");
    awaitReplication();
  }

  /** Waits until every live replica has received every write the master had accepted when this was called. */
  public void awaitReplication() {
    RedisServer master = master();
    long offset = Long.parseLong(Topology.replication(master).get("master_repl_offset"));
    for (RedisServer replica : dataNodes) {
      if (replica == master || !live(replica)) {
        continue;
      }
      Await.until(replica + " catching up with " + master, awaitTimeout, () -> {
        String at = Topology.replication(replica).get("slave_repl_offset");
        if (at == null || Long.parseLong(at) < offset) {
          throw new NotYet(replica + " is at offset " + at + ", " + master + " was at " + offset);
        }
        return at;
      }, this::diagnosis);
    }
  }

  /** What every sentinel says about the master, its replicas and the other sentinels, and every data node's role. */
  public String diagnosis() {
    StringBuilder sb = new StringBuilder("sentinel set state, process by process:");
    for (RedisServer sentinel : sentinels) {
      sb.append("\n  ").append(Topology.header(sentinel));
      if (!live(sentinel)) {
        continue;
      }
      try {
        Map<String, String> master = Topology.pairs(sentinel.command(PROBE, "SENTINEL", "MASTER", masterName));
        sb.append("\n    master ").append(master.get("ip")).append(':').append(master.get("port"))
            .append(" flags:").append(master.get("flags"))
            .append(" num-slaves:").append(master.get("num-slaves"))
            .append(" num-other-sentinels:").append(master.get("num-other-sentinels"))
            .append(" config-epoch:").append(master.get("config-epoch"))
            .append(" failover-state:").append(master.getOrDefault("failover-state", "none"));
        for (Object replica : (List<?>) sentinel.command(PROBE, "SENTINEL", "REPLICAS", masterName)) {
          Map<String, String> r = Topology.pairs(replica);
          sb.append("\n    replica ").append(r.get("ip")).append(':').append(r.get("port"))
              .append(" flags:").append(r.get("flags"))
              .append(" master-port:").append(r.get("master-port"))
              .append(" master-link-status:").append(r.get("master-link-status"));
        }
        for (Object other : (List<?>) sentinel.command(PROBE, "SENTINEL", "SENTINELS", masterName)) {
          Map<String, String> o = Topology.pairs(other);
          sb.append("\n    sentinel ").append(o.get("ip")).append(':').append(o.get("port"))
              .append(" flags:").append(o.get("flags"));
        }
      } catch (RuntimeException e) {
        sb.append("\n    cannot ask: ").append(e);
      }
    }
    for (RedisServer node : dataNodes) {
      sb.append("\n  ").append(Topology.header(node));
      if (!live(node)) {
        continue;
      }
      try {
        Map<String, String> r = Topology.replication(node);
        sb.append("\n    role:").append(r.get("role"));
        if (r.containsKey("master_port")) {
          sb.append(" master_port:").append(r.get("master_port"))
              .append(" master_link_status:").append(r.get("master_link_status"));
        } else {
          sb.append(" connected_slaves:").append(r.get("connected_slaves"));
        }
      } catch (RuntimeException e) {
        sb.append("\n    cannot ask: ").append(e);
      }
    }
    return sb.toString();
  }

  /** Kills every process and deletes their directories. */
  @Override
  public void close() {
    Topology.destroy(all(), root);
  }

  @Override
  public String toString() {
    return "RedisSentinelSet " + uri();
  }

  private void launch(Builder b) {
    RedisServer first = RedisServer.start("data node 0", Topology.subDir(root, "data-0"), List.of(), port -> b.dataArgs(null));
    dataNodes.add(first);
    for (int i = 1; i <= b.replicas; i++) {
      dataNodes.add(RedisServer.start("data node " + i, Topology.subDir(root, "data-" + i), List.of(),
          port -> b.dataArgs(first.port())));
    }
    for (int i = 0; i < b.sentinels; i++) {
      Path dir = Topology.subDir(root, "sentinel-" + i);
      Path config = dir.resolve("sentinel.conf");
      write(config, String.join("\n",
          "sentinel monitor " + masterName + " 127.0.0.1 " + first.port() + " " + quorum,
          "sentinel down-after-milliseconds " + masterName + " " + b.downAfter.toMillis(),
          "sentinel failover-timeout " + masterName + " " + b.failoverTimeout.toMillis(),
          "sentinel parallel-syncs " + masterName + " 1",
          "sentinel announce-ip 127.0.0.1",
          ""));
      sentinels.add(RedisServer.start("sentinel " + i, dir, List.of(config.toString(), "--sentinel"), port -> List.of()));
    }
    for (int i = 0; i < dataNodes.size(); i++) {
      RedisServer node = dataNodes.get(i);
      List<String> asStarted = b.dataArgs(i == 0 ? null : first.port());
      node.onRestart(() -> {
        Integer current = currentMasterPort();
        if (current == null) {
          return asStarted;
        }
        return b.dataArgs(current == node.port() ? null : current);
      });
    }
    awaitHealthy();
  }

  /**
   * Checks that the given data nodes and sentinels are live, that the sentinels name the same master among the
   * data nodes and know the rest as healthy replicas and each other as up, that the master says it is one and that
   * every other given data node replicates it with its link up; returns the master.
   *
   * @throws NotYet saying what is not so yet
   */
  private RedisServer check(List<RedisServer> data, List<RedisServer> watching) {
    for (RedisServer node : Stream.concat(data.stream(), watching.stream()).toList()) {
      if (!live(node)) {
        throw new NotYet(node + " is not live");
      }
    }
    Set<Integer> sentinelPorts = watching.stream().map(RedisServer::port).collect(Collectors.toSet());
    Integer masterPort = null;
    RedisServer referee = null;
    for (RedisServer sentinel : watching) {
      int named = masterPortNamedBy(sentinel);
      if (masterPort == null) {
        masterPort = named;
        referee = sentinel;
      } else if (masterPort != named) {
        throw new NotYet(sentinel + " names 127.0.0.1:" + named + " as master, " + referee + " names 127.0.0.1:" + masterPort);
      }
      Map<String, String> master = Topology.pairs(sentinel.command(PROBE, "SENTINEL", "MASTER", masterName));
      if (!"master".equals(master.get("flags"))) {
        throw new NotYet(sentinel + " flags the master " + master.get("flags"));
      }
      Map<Integer, String> otherSentinels = new HashMap<>();
      for (Object other : (List<?>) sentinel.command(PROBE, "SENTINEL", "SENTINELS", masterName)) {
        Map<String, String> o = Topology.pairs(other);
        otherSentinels.put(Integer.parseInt(o.get("port")), o.get("flags"));
      }
      for (int port : sentinelPorts) {
        if (port != sentinel.port() && !up(otherSentinels.get(port))) {
          throw new NotYet(sentinel + " does not know the sentinel on port " + port + " as up"
              + (otherSentinels.containsKey(port) ? " (flags:" + otherSentinels.get(port) + ")" : ""));
        }
      }
      Map<Integer, Map<String, String>> replicas = new HashMap<>();
      for (Object replica : (List<?>) sentinel.command(PROBE, "SENTINEL", "REPLICAS", masterName)) {
        Map<String, String> r = Topology.pairs(replica);
        replicas.put(Integer.parseInt(r.get("port")), r);
      }
      for (RedisServer node : data) {
        if (node.port() == named) {
          continue;
        }
        // its link is checked on the node itself: a sentinel's copy of a replica's INFO may be 10 s old
        Map<String, String> r = replicas.get(node.port());
        if (r == null || !"slave".equals(r.get("flags"))) {
          throw new NotYet(sentinel + " does not know " + node + " as an up replica"
              + (r == null ? "" : " (flags:" + r.get("flags") + ")"));
        }
      }
      sentinel.command(PROBE, "SENTINEL", "CKQUORUM", masterName); // an error reply says why not
    }
    int port = masterPort;
    RedisServer master = data.stream().filter(n -> n.port() == port).findFirst()
        .orElseThrow(() -> new NotYet("the sentinels name 127.0.0.1:" + port + ", which is not a live data node"));
    String role = Topology.replication(master).get("role");
    if (!"master".equals(role)) {
      throw new NotYet(master + " is named master but says role:" + role);
    }
    for (RedisServer node : data) {
      if (node == master) {
        continue;
      }
      Map<String, String> r = Topology.replication(node);
      if (!"slave".equals(r.get("role")) || !Integer.toString(port).equals(r.get("master_port"))
          || !"up".equals(r.get("master_link_status"))) {
        throw new NotYet(node + " says role:" + r.get("role") + " master_port:" + r.get("master_port")
            + " master_link_status:" + r.get("master_link_status") + ", should replicate " + master);
      }
    }
    return master;
  }

  /**
   * Whether another sentinel's flags say it is up. {@code master_down} only remembers that it said the old
   * master was down, and lingers for 5 s after a failover: no reason to wait.
   */
  private static boolean up(String sentinelFlags) {
    if (sentinelFlags == null) {
      return false;
    }
    Set<String> flags = new HashSet<>(List.of(sentinelFlags.split(",")));
    flags.remove("master_down");
    return flags.equals(Set.of("sentinel"));
  }

  /**
   * Makes every live data node that says it is master a replica of the master every live sentinel names, when
   * they all name the same live one, it says it is master, and no failover is in progress.
   */
  private void demoteStrayMasters() {
    List<RedisServer> watching = sentinels.stream().filter(Topology::live).toList();
    Integer named = null;
    for (RedisServer sentinel : watching) {
      int port = masterPortNamedBy(sentinel);
      String flags = Topology.pairs(sentinel.command(PROBE, "SENTINEL", "MASTER", masterName)).get("flags");
      if ((named != null && named != port) || !"master".equals(flags)) {
        return;
      }
      named = port;
    }
    if (named == null) {
      return;
    }
    RedisServer master = dataNode(named);
    if (!live(master) || !"master".equals(Topology.replication(master).get("role"))) {
      return;
    }
    for (RedisServer node : dataNodes) {
      if (node != master && live(node) && "master".equals(Topology.replication(node).get("role"))) {
        node.command(PROBE, "REPLICAOF", master.host(), Integer.toString(master.port()));
      }
    }
  }

  /** The master port the live sentinels name now (the most named), or {@code null} if none answers. */
  private Integer currentMasterPort() {
    try {
      return master().port();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private int masterPortNamedBy(RedisServer sentinel) {
    List<?> address = (List<?>) sentinel.command(PROBE, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
    if (address == null) {
      throw new NotYet(sentinel + " does not know " + masterName);
    }
    return Integer.parseInt((String) address.get(1));
  }

  private RedisServer dataNode(int port) {
    return dataNodes.stream().filter(n -> n.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("the sentinels name 127.0.0.1:" + port + ", which is no data node of " + this));
  }

  private List<RedisServer> all() {
    List<RedisServer> all = new ArrayList<>(sentinels);
    all.addAll(dataNodes);
    return all;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
