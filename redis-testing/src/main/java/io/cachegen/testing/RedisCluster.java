package io.cachegen.testing;

import static io.cachegen.testing.Topology.PROBE;
import static io.cachegen.testing.Topology.live;
import static io.cachegen.testing.Topology.require;

import io.cachegen.testing.Await.NotYet;
import io.cachegen.testing.ClusterView.Entry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster for tests: {@code redis-server} processes with {@code --cluster-enabled yes} on free
 * loopback ports, 3 masters with one replica each unless told otherwise, formed with plain
 * {@code CLUSTER ADDSLOTSRANGE}, {@code MEET} and {@code REPLICATE} and waited on until every node agrees that all
 * 16384 slots are served and every replica's link is up.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *   String uri = cluster.uri();                        // redis-cluster://127.0.0.1:p1,127.0.0.1:p2,…
 *   RedisServer master = cluster.masterOf("movie:42");
 *   RedisServer promoted = cluster.killAndAwaitFailover(master);
 *   master.restart();                                 // same port and nodes.conf: rejoins as a replica
 *   cluster.awaitHealthy();
 * }
 * }</pre>
 *
 * <p>Each node has its own working directory and {@code nodes.conf}, no persistence, a short
 * {@code cluster-node-timeout} (1 s by default, so a failover takes seconds),
 * {@code cluster-require-full-coverage no} (the slots of a dead master fail, the others keep serving),
 * {@code cluster-allow-replica-migration no} (replicas stay with the master they were given, so the topology after
 * a failover is predictable) and {@code cluster-replica-validity-factor 0} (a replica may always take over, even
 * after a long pause). The cluster bus listens on its own free port ({@code cluster-port}), which needs
 * {@code redis-server} 7.0 or later.
 *
 * <p>Nodes are {@link RedisServer}s: kill, pause, resume and restart them as any server. Roles change with
 * failovers, so {@link #masters()} and {@link #replicas()} ask the cluster each time. Every wait is bounded
 * ({@link Builder#awaitTimeout}) and fails with {@code CLUSTER INFO} and {@code CLUSTER NODES} of each node.
 * Measured on a 2-core machine shared with other builds, Redis 7.0: 3 masters and 3 replicas are healthy about
 * 2.2 s after the call (a fresh master keeps {@code cluster_state:fail} for its first 2 s, whatever the set-up);
 * {@link #killAndAwaitFailover} returns about 2.5 s after the SIGKILL with the default node timeout.
 */
public final class RedisCluster implements AutoCloseable {
  /** The default {@code cluster-node-timeout}: 1 s. */
  public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(1);
  /** The default bound on every wait: 30 s. */
  public static final Duration DEFAULT_AWAIT_TIMEOUT = Duration.ofSeconds(30);

  private final Path root;
  private final Duration awaitTimeout;
  private final List<RedisServer> nodes;
  private final List<String> ids;

  private RedisCluster(Path root, Duration awaitTimeout, List<RedisServer> nodes) {
    this.root = root;
    this.awaitTimeout = awaitTimeout;
    this.nodes = List.copyOf(nodes);
    this.ids = new ArrayList<>();
  }

  /** Starts 3 masters with one replica each. */
  public static RedisCluster start() {
    return builder().start();
  }

  /**
   * Starts {@code masters} masters with {@code replicasPerMaster} replicas each; extra arguments go to every
   * node as they are ({@code "--maxmemory", "64mb"}).
   */
  public static RedisCluster start(int masters, int replicasPerMaster, String... extraArgs) {
    return builder().masters(masters).replicasPerMaster(replicasPerMaster).args(extraArgs).start();
  }

  /** A builder, to set the node timeout, the wait bound or extra arguments. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures and starts a {@link RedisCluster}. */
  public static final class Builder {
    private int masters = 3;
    private int replicasPerMaster = 1;
    private Duration nodeTimeout = DEFAULT_NODE_TIMEOUT;
    private Duration awaitTimeout = DEFAULT_AWAIT_TIMEOUT;
    private List<String> args = List.of();

    private Builder() {}

    /** How many masters share the 16384 slots: 3 by default; a failover needs at least 3. */
    public Builder masters(int masters) {
      require(masters >= 1 && masters <= 100, "masters must be between 1 and 100, not " + masters);
      this.masters = masters;
      return this;
    }

    /** How many replicas each master has: 1 by default. */
    public Builder replicasPerMaster(int replicasPerMaster) {
      require(replicasPerMaster >= 0 && replicasPerMaster <= 5,
          "replicasPerMaster must be between 0 and 5, not " + replicasPerMaster);
      this.replicasPerMaster = replicasPerMaster;
      return this;
    }

    /** {@code cluster-node-timeout}: how long a node may be silent before it is suspected; 1 s by default. */
    public Builder nodeTimeout(Duration nodeTimeout) {
      require(nodeTimeout.toMillis() >= 100, "nodeTimeout must be at least 100 ms, not " + nodeTimeout);
      this.nodeTimeout = nodeTimeout;
      return this;
    }

    /** The bound on every wait (start, failover, healing, replication); 30 s by default. */
    public Builder awaitTimeout(Duration awaitTimeout) {
      require(!awaitTimeout.isNegative() && !awaitTimeout.isZero(), "awaitTimeout must be positive, not " + awaitTimeout);
      this.awaitTimeout = awaitTimeout;
      return this;
    }

    /** Extra {@code redis-server} arguments for every node, passed as they are. */
    public Builder args(String... args) {
      this.args = List.of(args);
      return this;
    }

    /** Starts the nodes, forms the cluster and waits until it is healthy. */
    public RedisCluster start() {
      RedisServer.requireVersion(7, 0, "RedisCluster (cluster-port, CLUSTER ADDSLOTSRANGE)");
      Path root = Topology.tempDir("redis-cluster-");
      int count = masters * (1 + replicasPerMaster);
      List<RedisServer> started = new ArrayList<>(count);
      try {
        for (int i = 0; i < count; i++) {
          started.add(RedisServer.start("cluster node " + i, Topology.subDir(root, "node-" + i), List.of(), this::nodeArgs));
        }
        RedisCluster cluster = new RedisCluster(root, awaitTimeout, started);
        cluster.form(masters, replicasPerMaster);
        return cluster;
      } catch (RuntimeException e) {
        Topology.destroy(started, root);
        throw e;
      }
    }

    private List<String> nodeArgs(int port) {
      int busPort;
      do {
        busPort = RedisServer.freePort();
      } while (busPort == port);
      List<String> all = new ArrayList<>(List.of(
          "--cluster-enabled", "yes",
          "--cluster-config-file", "nodes.conf",
          "--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()),
          "--cluster-port", Integer.toString(busPort),
          "--cluster-announce-ip", "127.0.0.1",
          "--cluster-require-full-coverage", "no",
          "--cluster-allow-replica-migration", "no",
          "--cluster-replica-validity-factor", "0",
          "--repl-diskless-sync-delay", "0"));
      all.addAll(args);
      return all;
    }
  }

  /**
   * {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,…} with every node as a seed, masters first, so a client
   * finds the cluster whichever nodes are down.
   */
  public String uri() {
    return nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(",", "redis-cluster://", ""));
  }

  /** Every node as {@code redis://127.0.0.1:port}, masters first: seeds for a cluster client ({@code RedisURI.create}). */
  public List<String> seeds() {
    return nodes.stream().map(RedisServer::uri).toList();
  }

  /** Every node, in start order (the first {@code masters} were the masters at start), whatever its state. */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /** The nodes that serve slots now, in slot order, as a live node sees it. */
  public List<RedisServer> masters() {
    Set<RedisServer> masters = new LinkedHashSet<>();
    for (String owner : liveView().owners()) {
      if (owner != null) {
        masters.add(node(owner));
      }
    }
    return List.copyOf(masters);
  }

  /** Every node that serves no slot now (replicas, and dead masters whose slots were taken over). */
  public List<RedisServer> replicas() {
    List<RedisServer> masters = masters();
    return nodes.stream().filter(n -> !masters.contains(n)).toList();
  }

  /** The nodes that replicate {@code master} now, as a live node sees it. */
  public List<RedisServer> replicasOf(RedisServer master) {
    String id = id(master);
    return liveView().entries().stream().filter(e -> id.equals(e.masterId())).map(e -> node(e.id())).toList();
  }

  /** The hash slot of a key ({@code CLUSTER KEYSLOT}, hash tags included). */
  public int slotOf(String key) {
    return Math.toIntExact((Long) anyLive().command("CLUSTER", "KEYSLOT", key));
  }

  /** The node that serves the key's slot now, as a live node sees it. */
  public RedisServer masterOf(String key) {
    String owner = liveView().ownerOf(slotOf(key));
    if (owner == null) {
      throw new IllegalStateException("nobody serves slot " + slotOf(key) + " of " + key + "\n" + diagnosis());
    }
    return node(owner);
  }

  /**
   * Kills a master with {@code SIGKILL} and waits until one of its replicas is promoted and every live node agrees
   * that every slot is served by a live master, with every live replica's link up.
   *
   * @return the promoted replica, now the master of the killed node's slots
   * @throws IllegalArgumentException if the node serves no slots
   * @throws IllegalStateException if no live replica can take over, if too few masters would be left to elect
   *     one, or if the failover does not complete within the wait bound (with a diagnosis of every node)
   */
  public RedisServer killAndAwaitFailover(RedisServer master) {
    String id = id(master);
    ClusterView view = liveView();
    Entry entry = view.byId(id).orElseThrow();
    require(!entry.slots().isEmpty(), master + " serves no slots: it is not a master; kill it with kill()");
    List<RedisServer> candidates = view.entries().stream()
        .filter(e -> id.equals(e.masterId())).map(e -> node(e.id())).filter(Topology::live).toList();
    if (candidates.isEmpty()) {
      throw new IllegalStateException(master + " has no live replica to promote");
    }
    Set<String> owners = Arrays.stream(view.owners()).filter(Objects::nonNull).collect(Collectors.toSet());
    long liveOthers = owners.stream().filter(o -> !o.equals(id) && live(node(o))).count();
    if (liveOthers < owners.size() / 2 + 1) {
      throw new IllegalStateException("a failover needs a majority of the " + owners.size()
          + " masters alive to elect a replica; only " + liveOthers + " would be left after killing " + master);
    }
    int slot = entry.slots().nextSetBit(0);
    master.kill();
    List<RedisServer> live = nodes.stream().filter(Topology::live).toList();
    return Await.until("failover of " + master, awaitTimeout, () -> {
      RedisServer owner = node(check(live).ownerOf(slot));
      if (!candidates.contains(owner)) {
        throw new NotYet("slot " + slot + " is served by " + owner + ", not by a replica of " + master);
      }
      return owner;
    }, this::diagnosis);
  }

  /**
   * Waits until every node runs, every slot is served, every node agrees on who serves what, and every replica's
   * link is up.
   *
   * @throws IllegalStateException after the wait bound, with a diagnosis of every node
   */
  public void awaitHealthy() {
    awaitHealthy(awaitTimeout);
  }

  /** Like {@link #awaitHealthy()}, waiting at most {@code timeout}. */
  public void awaitHealthy(Duration timeout) {
    Await.until("a healthy cluster", timeout, () -> check(nodes), this::diagnosis);
  }

  /**
   * Resumes paused nodes, restarts stopped or killed ones (they rejoin with their {@code nodes.conf}, a master whose
   * slots were taken over as a replica of its successor), and waits until healthy. A master killed and restarted
   * before its replica took over comes back empty and keeps its slots, and its replica follows it: its keys are
   * gone, as with any Redis Cluster without persistence.
   */
  public void heal() {
    for (RedisServer node : nodes) {
      if (node.isPaused()) {
        node.resume();
      }
    }
    for (RedisServer node : nodes) {
      if (!node.isRunning()) {
        node.restart();
      }
    }
    awaitHealthy();
  }

  /** Empties every master ({@code FLUSHALL}) and waits until their live replicas are empty too. */
  public void flushAll() {
    for (RedisServer master : masters()) {
      master.command("FLUSHALL");
    }
    awaitReplication();
  }

  /** Waits until every live replica has received every write its master had accepted when this was called. */
  public void awaitReplication() {
    ClusterView view = liveView();
    for (RedisServer master : masters()) {
      if (!live(master)) {
        continue;
      }
      long offset = Long.parseLong(Topology.replication(master).get("master_repl_offset"));
      String id = id(master);
      for (Entry e : view.entries()) {
        RedisServer replica = node(e.id());
        if (!id.equals(e.masterId()) || !live(replica)) {
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
  }

  /** {@code CLUSTER INFO} and {@code CLUSTER NODES} of every node, and the log tail of the dead ones. */
  public String diagnosis() {
    StringBuilder sb = new StringBuilder("cluster state, node by node:");
    for (int i = 0; i < nodes.size(); i++) {
      RedisServer node = nodes.get(i);
      sb.append("\n  ").append(Topology.header(node));
      if (i < ids.size()) {
        sb.append(" id ").append(ids.get(i));
      }
      if (!live(node)) {
        continue;
      }
      try {
        Map<String, String> info = Topology.fields(node.command(PROBE, "CLUSTER", "INFO"));
        Map<String, String> repl = Topology.replication(node);
        sb.append("\n    cluster_state:").append(info.get("cluster_state"))
            .append(" slots_assigned:").append(info.get("cluster_slots_assigned"))
            .append(" slots_ok:").append(info.get("cluster_slots_ok"))
            .append(" slots_pfail:").append(info.get("cluster_slots_pfail"))
            .append(" slots_fail:").append(info.get("cluster_slots_fail"))
            .append(" known_nodes:").append(info.get("cluster_known_nodes"))
            .append(" current_epoch:").append(info.get("cluster_current_epoch"))
            .append(" role:").append(repl.get("role"));
        if (repl.containsKey("master_link_status")) {
          sb.append(" master_port:").append(repl.get("master_port"))
              .append(" master_link_status:").append(repl.get("master_link_status"));
        }
        sb.append('\n').append(Topology.indent((String) node.command(PROBE, "CLUSTER", "NODES")));
      } catch (RuntimeException e) {
        sb.append("\n    cannot ask: ").append(e);
      }
    }
    return sb.toString();
  }

  /** Kills every node and deletes their directories. */
  @Override
  public void close() {
    Topology.destroy(nodes, root);
  }

  @Override
  public String toString() {
    return "RedisCluster " + uri();
  }

  private void form(int masters, int replicasPerMaster) {
    for (RedisServer node : nodes) {
      ids.add((String) node.command("CLUSTER", "MYID"));
    }
    for (int i = 0; i < nodes.size(); i++) { // distinct epochs up front, as redis-cli does, instead of collisions
      nodes.get(i).command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
    }
    for (int i = 0; i < masters; i++) {
      int from = i * ClusterView.SLOTS / masters;
      int to = (i + 1) * ClusterView.SLOTS / masters - 1;
      nodes.get(i).command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
    }
    RedisServer first = nodes.get(0);
    for (RedisServer node : nodes.subList(1, nodes.size())) {
      String busPort = (String) ((List<?>) node.command("CONFIG", "GET", "cluster-port")).get(1);
      first.command("CLUSTER", "MEET", node.host(), Integer.toString(node.port()), busPort);
    }
    Await.until("every node meeting every other", awaitTimeout, () -> {
      for (RedisServer node : nodes) {
        ClusterView view = ClusterView.parse((String) node.command(PROBE, "CLUSTER", "NODES"));
        if (view.entries().size() != nodes.size() || view.entries().stream().anyMatch(Entry::unsettled)) {
          throw new NotYet(node + " knows " + view.entries().size() + " of " + nodes.size() + " nodes or is in a handshake");
        }
      }
      return null;
    }, this::diagnosis);
    for (int i = 0; i < masters; i++) {
      for (int r = 0; r < replicasPerMaster; r++) {
        nodes.get(masters + i * replicasPerMaster + r).command("CLUSTER", "REPLICATE", ids.get(i));
      }
    }
    awaitHealthy();
  }

  /**
   * Checks that the given nodes are live and agree that every slot is served by a live master among them, that
   * they all see each other connected and not failing, that every one of them is either a master with slots or a
   * replica of a live master with its link up; returns one of their (identical) views.
   *
   * @throws NotYet saying what is not so yet
   */
  private ClusterView check(List<RedisServer> expected) {
    Set<String> liveIds = new LinkedHashSet<>();
    for (RedisServer node : expected) {
      if (!live(node)) {
        throw new NotYet(node + " is not live");
      }
      liveIds.add(id(node));
    }
    ClusterView reference = null;
    RedisServer referee = null;
    String[] referenceOwners = null;
    for (RedisServer node : expected) {
      Map<String, String> info = Topology.fields(node.command(PROBE, "CLUSTER", "INFO"));
      if (!"ok".equals(info.get("cluster_state"))
          || !Integer.toString(ClusterView.SLOTS).equals(info.get("cluster_slots_ok"))) {
        throw new NotYet(node + " says cluster_state:" + info.get("cluster_state")
            + " with " + info.get("cluster_slots_ok") + " slots ok");
      }
      if (!Integer.toString(nodes.size()).equals(info.get("cluster_known_nodes"))) {
        throw new NotYet(node + " knows " + info.get("cluster_known_nodes") + " nodes, not " + nodes.size());
      }
      ClusterView view = ClusterView.parse((String) node.command(PROBE, "CLUSTER", "NODES"));
      for (Entry e : view.entries()) {
        if (e.unsettled()) {
          throw new NotYet(node + " is still in a handshake with " + name(e.id()));
        }
        if (liveIds.contains(e.id()) && (e.failing() || !(e.connected() || e.myself()))) {
          throw new NotYet(node + " sees " + name(e.id()) + " as " + String.join(",", e.flags())
              + (e.connected() ? "" : ", disconnected"));
        }
      }
      String[] owners = view.owners();
      if (reference == null) {
        reference = view;
        referee = node;
        referenceOwners = owners;
        continue;
      }
      if (!Arrays.equals(owners, referenceOwners)) {
        int slot = 0;
        while (Objects.equals(owners[slot], referenceOwners[slot])) {
          slot++;
        }
        throw new NotYet(node + " says slot " + slot + " is served by " + name(owners[slot])
            + ", " + referee + " says by " + name(referenceOwners[slot]));
      }
      for (String id : liveIds) {
        Entry mine = view.byId(id).orElse(null);
        Entry theirs = reference.byId(id).orElse(null);
        if (mine == null || theirs == null
            || !Objects.equals(mine.masterId(), theirs.masterId()) || mine.master() != theirs.master()) {
          throw new NotYet(node + " and " + referee + " disagree on the role of " + name(id));
        }
      }
    }
    for (String owner : referenceOwners) {
      if (owner == null || !liveIds.contains(owner)) {
        throw new NotYet("some slots are served by " + name(owner) + ", which is not live");
      }
    }
    for (RedisServer node : expected) {
      Entry e = reference.byId(id(node)).orElseThrow();
      Map<String, String> replication = Topology.replication(node);
      if (!e.slots().isEmpty()) {
        if (!"master".equals(replication.get("role"))) {
          throw new NotYet(node + " serves slots but says role:" + replication.get("role"));
        }
      } else if (e.master() || e.masterId() == null) {
        throw new NotYet(node + " is a master without slots");
      } else {
        RedisServer master = node(e.masterId());
        if (!liveIds.contains(e.masterId())) {
          throw new NotYet(node + " replicates " + master + ", which is not live");
        }
        if (!"slave".equals(replication.get("role"))
            || !Integer.toString(master.port()).equals(replication.get("master_port"))
            || !"up".equals(replication.get("master_link_status"))) {
          throw new NotYet(node + " says role:" + replication.get("role") + " master_port:"
              + replication.get("master_port") + " master_link_status:" + replication.get("master_link_status")
              + ", should replicate " + master);
        }
      }
    }
    return reference;
  }

  private ClusterView liveView() {
    return ClusterView.parse((String) anyLive().command(PROBE, "CLUSTER", "NODES"));
  }

  private RedisServer anyLive() {
    return nodes.stream().filter(Topology::live).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node of " + this + " is live"));
  }

  private String id(RedisServer node) {
    int i = nodes.indexOf(node);
    require(i >= 0, node + " is not a node of " + this);
    return ids.get(i);
  }

  private RedisServer node(String id) {
    int i = ids.indexOf(id);
    if (i < 0) {
      throw new IllegalStateException("no node of " + this + " has id " + id);
    }
    return nodes.get(i);
  }

  private String name(String id) {
    if (id == null) {
      return "nobody";
    }
    int i = ids.indexOf(id);
    return i < 0 ? "node " + id : nodes.get(i).toString();
  }
}
