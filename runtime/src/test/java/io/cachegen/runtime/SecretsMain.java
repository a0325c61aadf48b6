package io.cachegen.runtime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link TieredCacheSecretsTest}, run with every logger of the cache at TRACE: builds caches
 * with each password it is given (right and wrong, percent-encoded and as written, for an ACL user and for
 * the default user's {@code requirepass}), and with malformed URIs holding them, and prints everything a
 * user could see: {@code toString()}, {@code health()}, {@code stats()}, {@code CacheConfig.toString()},
 * exceptions with their stack traces. It never prints a password itself: its results name passwords by
 * number. Arguments: the port, the admin user's password, then the passwords.
 */
public final class SecretsMain {
  private static final TypeRef<String> TEXT = TypeRef.of(String.class);
  private static int port;
  private static String adminPassword;

  private SecretsMain() {}

  public static void main(String[] args) throws Exception {
    port = Integer.parseInt(args[0]);
    adminPassword = args[1];
    for (int i = 2; i < args.length; i++) {
      int n = i - 1;
      String password = args[i];
      String wrong = password.replace('-', '_');
      String user = "app" + n;
      // An ACL user.
      check(n, "acl user, encoded", "redis://" + user + ":" + encode(password) + "@127.0.0.1:" + port, L2State.UP);
      if (!password.contains("%")) {
        check(n, "acl user, as written", "redis://" + user + ":" + password + "@127.0.0.1:" + port, L2State.UP);
      }
      check(n, "acl user, wrong password", "redis://" + user + ":" + encode(wrong) + "@127.0.0.1:" + port, L2State.REFUSED);
      // The default user's requirepass.
      admin("ACL", "SETUSER", "default", "resetpass", ">" + password);
      try {
        check(n, "requirepass, encoded", "redis://" + encode(password) + "@127.0.0.1:" + port, L2State.UP);
        check(n, "requirepass, empty user", "redis://:" + encode(password) + "@127.0.0.1:" + port, L2State.UP);
        check(n, "requirepass, wrong password", "redis://" + encode(wrong) + "@127.0.0.1:" + port, L2State.REFUSED);
      } finally {
        admin("ACL", "SETUSER", "default", "nopass");
      }
      // Malformed URIs.
      String e = encode(password);
      List<String> malformed = new ArrayList<>(List.of(
          "redis://" + user + ":" + e + "@127.0.0.1:notaport",
          "redis://" + user + ":" + e + "@127.0.0.1:" + port + "?password=x",
          "redis://" + user + ":" + e + "%@127.0.0.1:" + port,
          "redis://" + user + ":" + e + "@",
          "http://" + user + ":" + e + "@127.0.0.1:" + port,
          "redis://" + user + ":" + e + "@127.0.0.1:1,127.0.0.1:2",
          "redis://" + user + ":" + e + "@127.0.0.1:" + port + "/notadb",
          "redis-sentinel://" + user + ":" + e + "@127.0.0.1:" + port,
          "redis://" + user + ":" + e + "@127.0.0.1:" + port + " with a space after"));
      if (password.contains("%")) {
        malformed.add("redis://" + user + ":" + password + "@127.0.0.1:" + port);
      }
      for (String uri : malformed) {
        malformed(n, uri);
      }
    }
    System.out.println("RESULT done");
  }

  private static void check(int n, String what, String uri, L2State expected) {
    CacheConfig config = CacheConfig.fromMap(Map.of(CacheConfig.URL, uri, CacheConfig.ENABLED, "true"));
    System.out.println("config: " + config);
    try (TieredCache cache = TieredCache.builder().config(config).connectTimeout(Duration.ofSeconds(5)).build()) {
      if (expected == L2State.UP) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cache.health().state() != L2State.UP && System.nanoTime() < deadline) {
          sleep();
        }
      }
      cache.setJson("movie:" + n, "value " + n, Duration.ofMinutes(1));
      String value = cache.getJson("movie:" + n, TEXT);
      CacheHealth health = cache.health();
      System.out.println("cache: " + cache);
      System.out.println("health: " + health);
      System.out.println("stats: " + cache.stats());
      System.out.println("RESULT " + n + " " + what + ": " + health.state() + " " + value);
    } catch (RuntimeException e) {
      System.out.println("RESULT " + n + " " + what + ": threw " + e);
      e.printStackTrace();
    }
  }

  private static void malformed(int n, String uri) {
    CacheConfig config = CacheConfig.fromMap(Map.of(CacheConfig.URL, uri, CacheConfig.ENABLED, "true"));
    System.out.println("config: " + config);
    try (TieredCache cache = TieredCache.builder().redisUri(uri).build()) {
      System.out.println("RESULT " + n + " malformed: accepted " + cache);
    } catch (IllegalArgumentException e) {
      System.out.println("RESULT " + n + " malformed: rejected");
      e.printStackTrace();
    }
    try {
      TieredCache.builder().config(config);
    } catch (IllegalArgumentException e) {
      e.printStackTrace();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String encode(String password) {
    return URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** One command as the admin user over a raw connection: nothing of it is logged. */
  private static void admin(String... command) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      write(out, "AUTH", "admin", adminPassword);
      write(out, command);
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      for (int reply = 0; reply < 2; reply++) {
        int type = in.read();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
          line.append((char) c);
        }
        in.read();
        if (type != '+') {
          throw new IllegalStateException("admin command failed: " + (char) type + line);
        }
      }
    }
  }

  private static void write(OutputStream out, String... args) throws IOException {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      sb.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
    }
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
