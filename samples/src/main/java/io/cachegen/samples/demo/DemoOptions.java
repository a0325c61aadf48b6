package io.cachegen.samples.demo;

import io.cachegen.runtime.CacheConfig;
import io.cachegen.samples.db.Schema;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's command line.
 *
 * @param redisUri L2, if any: {@code --redis}, else {@code CACHE_URL} when {@code CACHE_ENABLED=true}
 * @param instances app instances sharing the database (and Redis)
 * @param jdbcUrl the database; {@code null} for embedded H2
 * @param jdbcUser the database user, for {@code --jdbc-url}
 * @param jdbcPassword the database password, for {@code --jdbc-url}
 * @param requests requests in the cached phase ({@code 0}: run for {@code duration})
 * @param duration how long the cached phase runs when {@code requests} is 0
 * @param threads worker threads, spread over the instances
 * @param l1Size the L1 bound of each instance: {@code --l1-size}, else {@code CACHE_L1_MAXIMUM_SIZE}, else 10,000
 * @param size how much data to seed
 * @param progress whether to draw a progress bar
 */
public record DemoOptions(
    String redisUri,
    int instances,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    long requests,
    Duration duration,
    int threads,
    long l1Size,
    Schema.Size size,
    boolean progress) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: demo [options]",
          "  --redis URI         add L2 on this Redis (default: CACHE_URL if CACHE_ENABLED=true, else L1 only)",
          "  --instances N       app instances on one database and one Redis: 1 or 2 (2 needs Redis)",
          "  --jdbc-url URL      PostgreSQL, e.g. jdbc:postgresql://127.0.0.1:5432/test (default: embedded H2);",
          "                      the schema " + io.cachegen.samples.db.Database.SCHEMA + " is dropped and recreated",
          "  --jdbc-user NAME    database user (default: postgres)",
          "  --jdbc-password PW  database password (default: none)",
          "  --requests N        requests in the cached phase (the baseline runs a fifth as many)",
          "  --duration D        run the cached phase for D, e.g. 15s or 1m (default 15s; baseline D/3)",
          "  --threads N         worker threads (default 4)",
          "  --l1-size N         L1 entries per instance (default: CACHE_L1_MAXIMUM_SIZE, else 10,000)",
          "  --small             seed a small data set (300 movies) instead of 5,000 movies",
          "  --no-progress       no progress bar",
          "  --help              this text");

  /** Parses {@code args}, taking L2 from {@code env} when {@code --redis} is absent. */
  public static DemoOptions parse(String[] args, Map<String, String> env) {
    String redis = null;
    int instances = 1;
    String jdbcUrl = null;
    String jdbcUser = "postgres";
    String jdbcPassword = null;
    long requests = 0;
    Duration duration = Duration.ofSeconds(15);
    int threads = 4;
    long l1Size = 0;
    Schema.Size size = Schema.Size.DEFAULT;
    boolean progress = System.console() != null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--redis" -> redis = value(args, ++i, arg);
        case "--instances" -> instances = positive(value(args, ++i, arg), arg);
        case "--jdbc-url" -> jdbcUrl = value(args, ++i, arg);
        case "--jdbc-user" -> jdbcUser = value(args, ++i, arg);
        case "--jdbc-password" -> jdbcPassword = value(args, ++i, arg);
        case "--requests" -> requests = positive(value(args, ++i, arg), arg);
        case "--duration" -> duration = duration(value(args, ++i, arg));
        case "--threads" -> threads = positive(value(args, ++i, arg), arg);
        case "--l1-size" -> l1Size = positive(value(args, ++i, arg), arg);
        case "--small" -> size = Schema.Size.SMALL;
        case "--no-progress" -> progress = false;
        case "--progress" -> progress = true;
        case "--help", "-h" -> throw new UsageException(null);
        default -> throw new UsageException("unknown option " + arg);
      }
    }
    CacheConfig fromEnvironment = CacheConfig.fromEnvironment(env);
    if (redis == null) {
      redis = fromEnvironment.effectiveRedisUri().orElse(null);
    }
    if (l1Size == 0) {
      l1Size = fromEnvironment.l1MaximumSize();
    }
    if (instances > 2) {
      throw new UsageException("--instances is 1 or 2");
    }
    if (instances == 2 && redis == null) {
      throw new UsageException(
          "--instances 2 needs --redis: without a shared Redis an instance cannot hear the other's invalidations");
    }
    return new DemoOptions(
        redis, instances, jdbcUrl, jdbcUser, jdbcPassword, requests, duration, threads, l1Size, size, progress);
  }

  /** The L2 URI, if any. */
  public Optional<String> redis() {
    return Optional.ofNullable(redisUri);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String s, String option) {
    try {
      int n = Integer.parseInt(s.replace("_", "").replace(",", ""));
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UsageException(option + " takes a positive number, not \"" + s + "\"");
  }

  private static Duration duration(String s) {
    try {
      String t = s.trim().toLowerCase(java.util.Locale.ROOT);
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      switch (t.charAt(t.length() - 1)) {
        case 's':
          return Duration.ofSeconds(n);
        case 'm':
          return Duration.ofMinutes(n);
        default:
          break;
      }
    } catch (RuntimeException ignored) {
      // reported below
    }
    throw new UsageException("--duration takes a duration such as 500ms, 20s or 1m, not \"" + s + "\"");
  }

  /** A bad command line; the message says what is wrong ({@code null}: print the usage only). */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
