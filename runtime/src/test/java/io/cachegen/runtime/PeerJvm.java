package io.cachegen.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.cachegen.testing.Signals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TieredCache} in a child JVM (the test class path, {@link Builder#jvmOptions any JVM options}),
 * driven line by line over its stdin and stdout: a peer instance that a test can stall with
 * {@code SIGSTOP} ({@link #pause()}), thaw ({@link #resume()}) or kill ({@link #kill()}), which no thread
 * of the test's JVM can simulate.
 *
 * <p>The peer caches a {@link Catalog} over a {@link VersionedDb#redis database in a redis-server} the
 * test shares with it (never the cache's Redis). Its log goes to this JVM's stderr, each line prefixed
 * with the peer's name. Every peer still running when this JVM exits is killed.
 *
 * <pre>{@code
 * try (PeerJvm peer = PeerJvm.builder("B", redis.uri(), db.uri()).jvmOptions("-Xmx128m").start()) {
 *   peer.read("item:1");           // L1, L2 or the loader, in the peer
 *   peer.update("meta:3:");         // the database, then the invalidation, in the peer
 *   peer.pause();                   // SIGSTOP: the peer's connections stay open, nothing answers
 *   peer.resume();                  // SIGCONT
 * }
 * }</pre>
 *
 * <p>Commands (one line each, one reply line each, {@code ok ...} or {@code err <exception>}):
 * {@code read <key>} → {@code ok <version>}; {@code update <target>} → {@code ok <key>=<version>...};
 * {@code stats} → {@code ok <the CacheStats components in order>}; {@code state} → {@code ok <L2State>};
 * {@code quit}.
 */
final class PeerJvm implements CacheInstance {
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration REPLY = Duration.ofSeconds(30);

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "peer-jvm-reaper"));
  }

  private final String name;
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private volatile boolean paused;

  private PeerJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), UTF_8);
    pump("peer-" + name + "-stdout", new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8)),
        replies::add);
    PrintStream err = System.err;
    pump("peer-" + name + "-stderr", new BufferedReader(new InputStreamReader(process.getErrorStream(), UTF_8)),
        line -> err.println("[peer " + name + "] " + line));
  }

  /**
   * A peer named {@code name} whose cache uses Redis at {@code redisUri} and whose loader reads the
   * database in the {@code redis-server} at {@code dbUri}.
   */
  static Builder builder(String name, String redisUri, String dbUri) {
    return new Builder(name, redisUri, dbUri);
  }

  /** Configures and starts a {@link PeerJvm}. */
  static final class Builder {
    private final String name;
    private final String redisUri;
    private final String dbUri;
    private final List<String> jvmOptions = new ArrayList<>();
    private Duration commandTimeout = CacheConfig.DEFAULT_COMMAND_TIMEOUT;
    private Duration stalenessBound = TieredCache.DEFAULT_STALENESS_BOUND;
    private int metas = 10;

    private Builder(String name, String redisUri, String dbUri) {
      this.name = name;
      this.redisUri = redisUri;
      this.dbUri = dbUri;
    }

    /** Options for the child JVM, such as {@code -Xmx128m}. */
    Builder jvmOptions(String... options) {
      jvmOptions.addAll(List.of(options));
      return this;
    }

    /** The cache's command timeout; default 3 s. */
    Builder commandTimeout(Duration timeout) {
      this.commandTimeout = timeout;
      return this;
    }

    /** The cache's staleness bound S; default 1 s. */
    Builder stalenessBound(Duration bound) {
      this.stalenessBound = bound;
      return this;
    }

    /** How many meta ids the peer's {@link Catalog} has (for {@code update meta:}); default 10. */
    Builder metas(int metas) {
      this.metas = metas;
      return this;
    }

    /** Starts the JVM and waits until its cache is built. */
    PeerJvm start() {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // The test class path's log settings show LettuceL2 at DEBUG; a peer's log is context, at INFO.
      command.add("-Dorg.slf4j.simpleLogger.log.io.cachegen.runtime.LettuceL2=info");
      command.add("-Dorg.slf4j.simpleLogger.log.io.cachegen.runtime.L2Subscription=info");
      command.addAll(jvmOptions);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(PeerJvm.class.getName());
      command.addAll(List.of(name, redisUri, dbUri, Long.toString(commandTimeout.toMillis()),
          Long.toString(stalenessBound.toMillis()), Integer.toString(metas)));
      Process process;
      try {
        process = new ProcessBuilder(command).start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a peer JVM", e);
      }
      RUNNING.add(process);
      PeerJvm peer = new PeerJvm(name, process);
      String ready = peer.next(STARTUP, "start");
      if (!ready.equals("ready")) {
        peer.kill();
        throw new IllegalStateException("peer " + name + " did not start: " + ready);
      }
      return peer;
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The operating-system process id of the peer JVM. */
  long pid() {
    return process.pid();
  }

  /** Freezes the peer with {@code SIGSTOP}: its connections stay open, none of its threads runs. */
  void pause() {
    signal("STOP");
    paused = true;
  }

  /** Thaws a peer frozen by {@link #pause()} ({@code SIGCONT}). */
  void resume() {
    signal("CONT");
    paused = false;
  }

  /** Whether the peer is alive and frozen. */
  boolean isPaused() {
    return paused && process.isAlive();
  }

  /** Whether the peer JVM is alive (a paused one is). */
  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the peer ({@code SIGKILL}): its connections drop, its leases stay until they expire. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RUNNING.remove(process);
  }

  @Override
  public Catalog.Val read(String key) {
    return new Catalog.Val(key, Long.parseLong(call("read " + key)));
  }

  @Override
  public Map<String, Long> update(String target) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (String pair : call("update " + target).split(" ")) {
      int eq = pair.lastIndexOf('=');
      versions.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
    }
    return versions;
  }

  @Override
  public CacheStats stats() {
    String[] parts = call("stats").split(" ");
    long[] n = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      n[i] = Long.parseLong(parts[i]);
    }
    return new CacheStats(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], n[11], n[12]);
  }

  @Override
  public L2State state() {
    return L2State.valueOf(call("state"));
  }

  /**
   * Sends one command and returns its reply after {@code ok }, waiting at most 30 s.
   *
   * @throws AssertionError if the peer answered {@code err} (an exception reached the caller in the peer)
   */
  synchronized String call(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("peer " + name + " does not take commands", e);
    }
    String reply = next(REPLY, line);
    if (reply.startsWith("ok")) {
      return reply.length() > 3 ? reply.substring(3) : "";
    }
    throw new AssertionError("peer " + name + ": \"" + line + "\" failed: " + reply);
  }

  private String next(Duration timeout, String what) {
    try {
      String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (reply == null) {
        throw new IllegalStateException("peer " + name + " did not answer \"" + what + "\" within " + timeout
            + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
      }
      return reply;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      if (paused) {
        resume();
      }
      try {
        call("quit");
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (RuntimeException | InterruptedException e) {
        // killed below
      }
    }
    kill();
  }

  @Override
  public String toString() {
    return "peer " + name + " (pid " + process.pid() + (paused ? ", paused" : "") + ")";
  }

  private void signal(String signal) {
    Signals.send(process, signal);
  }

  private static void pump(String threadName, BufferedReader in, java.util.function.Consumer<String> sink) {
    Thread t = new Thread(() -> {
      try {
        for (String line; (line = in.readLine()) != null; ) {
          sink.accept(line);
        }
      } catch (IOException e) {
        // the peer exited
      }
    }, threadName);
    t.setDaemon(true);
    t.start();
  }

  // -----------------------------------------------------------------------------------------------
  // The peer's side

  /** Runs in the child JVM: {@code name redisUri dbUri commandTimeoutMillis stalenessBoundMillis metas}. */
  public static void main(String[] args) throws IOException {
    String name = args[0];
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, UTF_8);
    System.setOut(System.err); // only replies on stdout
    TieredCache cache = TieredCache.builder()
        .redisUri(args[1])
        .commandTimeout(Duration.ofMillis(Long.parseLong(args[3])))
        .stalenessBound(Duration.ofMillis(Long.parseLong(args[4])))
        .build();
    VersionedDb db = VersionedDb.redis(args[2]);
    Catalog catalog = new Catalog(cache, db, Integer.parseInt(args[5]));
    out.println("ready");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.split(" ", 2);
      String reply;
      try {
        reply = switch (words[0]) {
          case "read" -> "ok " + catalog.read(words[1]).version();
          case "update" -> {
            StringBuilder sb = new StringBuilder("ok");
            catalog.update(words[1]).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            yield sb.toString();
          }
          case "stats" -> {
            StringBuilder sb = new StringBuilder("ok");
            for (var component : CacheStats.class.getRecordComponents()) {
              sb.append(' ').append(component.getAccessor().invoke(cache.stats()));
            }
            yield sb.toString();
          }
          case "state" -> "ok " + cache.health().state();
          case "quit" -> null;
          default -> "err unknown command " + words[0];
        };
      } catch (Throwable t) {
        t.printStackTrace();
        reply = "err " + t;
      }
      if (reply == null) {
        break;
      }
      out.println(reply);
    }
    out.println("ok");
    cache.close();
    db.close();
    System.err.println("peer " + name + " exits");
    System.exit(0);
  }
}
