package io.cachegen.testing;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code redis-server} process on a free loopback port, for tests: no persistence, its own
 * working directory, and faults on demand ({@link #stop}, {@link #kill}, {@link #restart},
 * {@link #pause}, {@link #resume}).
 *
 * <p>The binary is {@code $REDIS_SERVER} if set, else {@code redis-server} from the {@code PATH}. Every
 * server still running when the JVM exits is killed.
 *
 * <p>The nodes of a {@link RedisCluster} and the data nodes and sentinels of a {@link RedisSentinelSet} are
 * {@code RedisServer}s too, so a test makes the same faults on any topology. Close the topology, not its nodes.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *   String uri = redis.uri();       // redis://127.0.0.1:40123
 *   redis.pause();                   // SIGSTOP: connections stay open, nothing answers
 *   redis.resume();                  // SIGCONT
 *   redis.kill();                    // SIGKILL
 *   redis.restart();                 // same port, empty data set
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
  private static final Duration STARTUP = Duration.ofSeconds(15);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)");
  private static volatile int[] knownVersion;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "redis-server-reaper"));
  }

  private final String binary;
  private final String label;
  private final List<String> leadingArgs;
  private final Path dir;
  private final int port;
  private List<String> extraArgs;
  private Supplier<List<String>> restartArgs;
  private Process process;
  private boolean paused;

  private RedisServer(String binary, String label, List<String> leadingArgs, List<String> extraArgs, Path dir, int port) {
    this.binary = binary;
    this.label = label;
    this.leadingArgs = leadingArgs;
    this.extraArgs = extraArgs;
    this.dir = dir;
    this.port = port;
  }

  /** Starts a server on a free loopback port; extra arguments are passed as they are ({@code "--requirepass", "s3cret"}). */
  public static RedisServer start(String... extraArgs) {
    Path dir;
    try {
      dir = Files.createTempDirectory("redis-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = List.of(extraArgs);
    return start("redis-server", dir, List.of(), port -> args);
  }

  /**
   * Starts a server in {@code dir} (which must exist) on a free loopback port.
   *
   * @param label what the server is in messages ({@code "cluster node 3"})
   * @param leadingArgs arguments right after the binary, such as a sentinel's config file and {@code --sentinel}
   * @param extraArgsForPort the arguments after the standard ones, given the port being tried; called again with
   *     another port when the server cannot start (most likely a port was taken between probing and binding)
   */
  static RedisServer start(String label, Path dir, List<String> leadingArgs, IntFunction<List<String>> extraArgsForPort) {
    String binary = binary();
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      RedisServer server = new RedisServer(binary, label, List.copyOf(leadingArgs), List.copyOf(extraArgsForPort.apply(port)), dir, port);
      try {
        server.launch();
        return server;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The binary to run: {@code $REDIS_SERVER}, else {@code redis-server} found on the {@code PATH}. */
  public static String binary() {
    String configured = System.getenv("REDIS_SERVER");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(entry, "redis-server");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    throw new IllegalStateException(
        "redis-server is not on the PATH and REDIS_SERVER is not set; install it (apt-get install redis-server) "
            + "or run .ci/run, which does");
  }

  /**
   * The major and minor version of {@link #binary()}, from {@code redis-server --version}.
   *
   * @throws IllegalStateException when the binary does not run or prints no version
   */
  static int[] version() {
    int[] known = knownVersion;
    if (known != null) {
      return known.clone();
    }
    String binary = binary();
    String out;
    try {
      Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary + " --version", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Matcher m = VERSION.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException(binary + " --version printed no version: " + out.strip());
    }
    knownVersion = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    return knownVersion.clone();
  }

  /** Fails with a message naming {@code what} needs when {@link #binary()} is older than {@code major.minor}. */
  static void requireVersion(int major, int minor, String what) {
    int[] v = version();
    if (v[0] < major || (v[0] == major && v[1] < minor)) {
      throw new IllegalStateException(what + " needs redis-server " + major + "." + minor + " or later; "
          + binary() + " is " + v[0] + "." + v[1]);
    }
  }

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The loopback port, the same across restarts. */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1}. */
  public String host() {
    return "127.0.0.1";
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The operating-system process id of the running server. */
  public synchronized long pid() {
    requireRunning();
    return process.pid();
  }

  /** Whether the process is alive (a paused process is alive). */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Whether the server was paused with {@link #pause()} and not resumed. */
  public synchronized boolean isPaused() {
    return paused && isRunning();
  }

  /** Stops the server politely ({@code SIGTERM}) and waits for it to exit. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    if (paused) {
      resume();
    }
    process.destroy();
    waitFor(process);
    RUNNING.remove(process);
    process = null;
  }

  /** Kills the server with {@code SIGKILL}: connections drop at once, nothing is flushed. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitFor(process);
    RUNNING.remove(process);
    process = null;
    paused = false;
  }

  /**
   * Starts the server again on the same port, with an empty data set; stops it first if it runs. A cluster node
   * keeps its {@code nodes.conf} and a sentinel its config file, so they rejoin their topology.
   */
  public synchronized void restart() {
    stop();
    if (restartArgs != null) {
      extraArgs = List.copyOf(restartArgs.get());
    }
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (true) {
      try {
        launch();
        return;
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        sleep(100);
      }
    }
  }

  /** Freezes the server with {@code SIGSTOP}: its connections stay open and every command hangs. */
  public synchronized void pause() {
    signal("STOP");
    paused = true;
  }

  /** Thaws a server frozen by {@link #pause()} with {@code SIGCONT}. */
  public synchronized void resume() {
    signal("CONT");
    paused = false;
  }

  /**
   * Sends one command over a fresh connection and returns the reply: a {@code String} for simple and
   * bulk strings, a {@code Long} for integers, a {@code List} for arrays, {@code null} for a nil reply.
   *
   * @throws IllegalStateException for an error reply
   */
  public Object command(String... args) {
    return command(COMMAND_TIMEOUT, args);
  }

  /**
   * Sends commands in order over one fresh connection and returns their replies in order, for what needs
   * one connection: {@code READONLY} then a read from a cluster replica, {@code MULTI}/{@code EXEC},
   * {@code CLIENT} settings.
   *
   * @throws IllegalStateException for the first error reply
   */
  @SafeVarargs
  public final List<Object> pipeline(List<String>... commands) {
    try (Socket socket = connect(COMMAND_TIMEOUT)) {
      List<String[]> argv = new ArrayList<>(commands.length);
      for (List<String> command : commands) {
        argv.add(command.toArray(String[]::new));
      }
      return Resp.pipeline(socket, argv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to " + this, e);
    }
  }

  /**
   * The role the server reports ({@code ROLE}): {@code "master"}, {@code "slave"} or {@code "sentinel"}.
   */
  public String role() {
    return (String) ((List<?>) command("ROLE")).get(0);
  }

  /** Like {@link #command(String...)}, waiting at most {@code timeout} for the reply: for probes of a topology. */
  Object command(Duration timeout, String... args) {
    try (Socket socket = connect(timeout)) {
      return Resp.call(socket, args);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to " + this, e);
    }
  }

  private Socket connect(Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host(), port), (int) Math.min(2000, timeout.toMillis()));
      socket.setSoTimeout((int) timeout.toMillis());
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Removes every key. */
  public void flushAll() {
    command("FLUSHALL");
  }

  /** Kills the server and removes its working directory. */
  @Override
  public synchronized void close() {
    kill();
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }

  @Override
  public String toString() {
    return label + " on " + uri() + (isRunning() ? (paused ? " (paused)" : "") : " (stopped)");
  }

  /** What the server is in messages: {@code "redis-server"}, {@code "cluster node 3"}, {@code "sentinel 1"}. */
  String label() {
    return label;
  }

  /** The working directory. */
  Path dir() {
    return dir;
  }

  /** Decides the extra arguments at each {@link #restart()}, such as {@code --replicaof} the current master. */
  synchronized void onRestart(Supplier<List<String>> restartArgs) {
    this.restartArgs = restartArgs;
  }

  /** The last lines of the server's log, for diagnoses. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(dir.resolve("redis.log"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private void launch() {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary);
    cmd.addAll(leadingArgs);
    cmd.addAll(Arrays.asList(
        "--port", Integer.toString(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--protected-mode", "no",
        "--daemonize", "no",
        "--dir", dir.toString()));
    cmd.addAll(extraArgs);
    Process p;
    try {
      p = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary, e);
    }
    RUNNING.add(p);
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        RUNNING.remove(p);
        throw new IllegalStateException(label + " exited on port " + port + ": " + logTail(5));
      }
      if (answersPing()) {
        process = p;
        paused = false;
        return;
      }
      sleep(20);
    }
    p.destroyForcibly();
    RUNNING.remove(p);
    throw new IllegalStateException(label + " did not answer on port " + port + " within " + STARTUP + ": " + logTail(5));
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host(), port), 200);
      socket.setSoTimeout(1000);
      Object reply = Resp.call(socket, "PING");
      return "PONG".equals(reply);
    } catch (IOException | IllegalStateException e) {
      return false;
    }
  }

  private void signal(String signal) {
    requireRunning();
    Signals.send(process, signal);
  }

  private void requireRunning() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(this + " is not running");
    }
  }

  private static void waitFor(Process p) {
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Just enough RESP2 to send a command and read its reply. */
  static final class Resp {
    private Resp() {}

    static Object call(Socket socket, String... args) throws IOException {
      return pipeline(socket, List.<String[]>of(args)).get(0);
    }

    static List<Object> pipeline(Socket socket, List<String[]> commands) throws IOException {
      OutputStream out = socket.getOutputStream();
      StringBuilder sb = new StringBuilder();
      for (String[] args : commands) {
        sb.append('*').append(args.length).append("\r\n");
        for (String arg : args) {
          byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
          sb.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
      }
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      List<Object> replies = new ArrayList<>(commands.size());
      for (int i = 0; i < commands.size(); i++) {
        replies.add(read(in));
      }
      return replies;
    }

    private static Object read(InputStream in) throws IOException {
      int type = in.read();
      String line = line(in);
      switch (type) {
        case '+':
          return line;
        case '-':
          throw new IllegalStateException(line);
        case ':':
          return Long.parseLong(line);
        case '$': {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          byte[] data = in.readNBytes(n);
          line(in);
          return new String(data, StandardCharsets.UTF_8);
        }
        case '*': {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            items.add(read(in));
          }
          return items;
        }
        default:
          throw new IOException("unexpected RESP type " + (char) type + " " + line);
      }
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder sb = new StringBuilder();
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\r') {
          in.read();
          break;
        }
        sb.append((char) c);
      }
      if (c == -1) {
        throw new IOException("connection closed");
      }
      return sb.toString();
    }
  }
}
