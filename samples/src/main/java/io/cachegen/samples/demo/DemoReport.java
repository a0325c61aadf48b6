package io.cachegen.samples.demo;

import io.cachegen.runtime.CacheStats;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.db.Schema;
import java.util.List;
import java.util.Locale;

import java.util.stream.Collectors;

/** What a demo run measured, and the report a person reads at a glance. Immutable. */
public final class DemoReport {
  private final DemoOptions options;
  private final Database.Dialect dialect;
  private final Schema.Size size;
  private final long seedNanos;
  private final Workload.Result without;
  private final long withoutQueries;
  private final Workload.Result with;
  private final long withQueries;
  private final CacheStats stats;
  private final boolean l2Available;

  DemoReport(
      DemoOptions options,
      Database.Dialect dialect,
      Schema.Size size,
      long seedNanos,
      Workload.Result without,
      long withoutQueries,
      Workload.Result with,
      long withQueries,
      List<CacheStats> perInstance,
      boolean l2Available) {
    this.options = options;
    this.dialect = dialect;
    this.size = size;
    this.seedNanos = seedNanos;
    this.without = without;
    this.withoutQueries = withoutQueries;
    this.with = with;
    this.withQueries = withQueries;
    this.stats = sum(perInstance);
    this.l2Available = l2Available;
  }

  /** Requests in the cached phase. */
  public long requests() {
    return with.requests;
  }

  /** Writes in the cached phase, each followed by a staleness check. */
  public long writes() {
    return with.writes;
  }

  /**
   * Reads that did not see a write: on the writer's own instance right after the write, or on the other
   * instance after the propagation limit.
   */
  public long staleReads() {
    return with.staleReads();
  }

  /** Stale reads that were still stale after the propagation limit. */
  public long staleAfterPropagation() {
    return with.persistentStale;
  }

  /** Read-your-writes checks made on the writer's own instance. */
  public long readYourWritesChecks() {
    return with.ownChecks;
  }

  /** Checks made on the other instance (0 with one instance). */
  public long crossInstanceChecks() {
    return with.crossChecks;
  }

  /** The longest time the other instance took to see a write, in nanoseconds. */
  public long maxPropagationNanos() {
    return with.propagation.max();
  }

  /** Requests that threw, in both phases. */
  public long errors() {
    return with.errors + without.errors;
  }

  /** JDBC statements run by the cached phase. */
  public long cachedPhaseQueries() {
    return withQueries;
  }

  /** The summed cache counters of all instances. */
  public CacheStats cacheStats() {
    return stats;
  }

  /** 0 when no read stayed stale past the propagation limit and nothing failed, else 1. */
  public int exitStatus() {
    return staleAfterPropagation() == 0 && errors() == 0 ? 0 : 1;
  }

  /** The report. */
  public String text() {
    StringBuilder b = new StringBuilder();
    String db = dialect == Database.Dialect.H2 ? "H2 (embedded, in memory)" : "PostgreSQL " + options.jdbcUrl();
    line(b, "cachegen demo: the media server of the original design");
    line(
        b,
        "  database   %s, schema %s: %,d movies, %,d users, %,d sessions (created and seeded in %.1f s)",
        db, Database.SCHEMA, size.movies(), size.users(), size.sessions(), seedNanos / 1e9);
    line(
        b,
        "  cache      %s%s",
        options.redis().map(uri -> "L1 (Caffeine) + L2 (Redis " + uri + ")").orElse("L1 only (Caffeine, in process)"),
        options.instances() > 1 ? ", " + options.instances() + " app instances on one database and one Redis" : "");
    if (options.redis().isPresent() && !l2Available) {
      line(b, "  warning    Redis was not reachable: the run fell back to L1 and the database");
    }
    line(b, "  workload   %d threads, 95%% reads / 5%% writes over 13 cached methods, Zipf-skewed keys", options.threads());
    line(b, "");
    line(b, "                              without cache      with cache");
    line(b, "  requests                  %,15d %,15d", without.requests, with.requests);
    line(b, "  throughput              %,13.0f/s %,13.0f/s", without.requestsPerSecond(), with.requestsPerSecond());
    line(b, "  latency p50               %15s %15s", micros(without.latency.percentile(50)), micros(with.latency.percentile(50)));
    line(b, "  latency p99               %15s %15s", micros(without.latency.percentile(99)), micros(with.latency.percentile(99)));
    line(b, "  DB queries                %,15d %,15d", withoutQueries, withQueries);
    double perRequestWithout = ratio(withoutQueries, without.requests);
    double perRequestWith = ratio(withQueries, with.requests);
    line(b, "  DB queries per request    %15.3f %15.3f", perRequestWithout, perRequestWith);
    line(
        b,
        "  (per request, leaving out the demo's own read-back checks after writes: %.1f s and %.1f s of the workers' time)",
        without.checkNanos / 1e9, with.checkNanos / 1e9);
    line(b, "");
    long expected = Math.round(perRequestWithout * with.requests);
    line(
        b,
        "  DB queries saved          %,d of %,d (%.1f%%)",
        Math.max(0, expected - withQueries), expected, 100 * ratio(Math.max(0, expected - withQueries), expected));
    line(
        b,
        "  L1 hit ratio              %.1f%%  (%,d of %,d lookups)",
        100 * stats.l1HitRatio(), stats.l1Hits(), stats.l1Hits() + stats.l1Misses());
    if (options.redis().isPresent()) {
      line(
          b,
          "  L2 hit ratio              %.1f%%  (%,d of %,d lookups; %,d Redis errors)",
          100 * stats.l2HitRatio(), stats.l2Hits(), stats.l2Hits() + stats.l2Misses(), stats.l2Errors());
    } else {
      line(b, "  L2 hit ratio              -  (no L2: add --redis redis://host:6379)");
    }
    line(
        b,
        "  loads from the database   %,d  (L1 evictions %,d; L1 holds %,d entries per instance, --l1-size)",
        stats.loads(), stats.evictions(), options.l1Size());
    line(b, "  invalidating writes       %,d  (%s)", with.writes, writesByKind());
    line(b, "  read-your-writes checks   %,d", with.ownChecks);
    if (with.crossChecks > 0) {
      line(
          b,
          "  cross-instance checks     %,d  (other instance saw the write after p50 %s, p99 %s, max %s)",
          with.crossChecks,
          micros(with.propagation.percentile(50)),
          micros(with.propagation.percentile(99)),
          micros(with.propagation.max()));
    }
    if (with.staleReads() == 0) {
      line(b, "  stale reads: 0");
    } else {
      line(
          b,
          "  stale reads: %d  (%d read back stale on the writer's own instance; %d still stale after %d ms)",
          with.staleReads(), with.ownStale, with.persistentStale, Workload.PROPAGATION_LIMIT.toMillis());
    }
    for (String example : with.staleExamples) {
      line(b, "    %s", example);
    }
    if (errors() > 0) {
      Throwable e = with.firstError != null ? with.firstError : without.firstError;
      line(b, "  errors: %,d (first: %s)", errors(), e);
    }
    return b.toString();
  }

  private String writesByKind() {
    return with.counts.entrySet().stream()
        .filter(e -> e.getKey().write)
        .map(e -> name(e.getKey()) + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
        .collect(Collectors.joining(" · "));
  }

  private static String name(Workload.Op op) {
    return switch (op) {
      case UPDATE_MOVIE -> "movie";
      case UPDATE_USER -> "user";
      case SAVE_USER_SETTINGS -> "user settings";
      case EXTEND_SESSION -> "session";
      case ASSIGN_ROLE -> "role";
      case PUT_SERVER_SETTING -> "server setting";
      case SAVE_IMAGE -> "image";
      case PUT_POLICY -> "policy";
      default -> op.name().toLowerCase(Locale.ROOT);
    };
  }

  private static String micros(long nanos) {
    if (nanos >= 10_000_000) {
      return String.format(Locale.ROOT, "%,.0f ms", nanos / 1e6);
    }
    if (nanos >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static CacheStats sum(List<CacheStats> all) {
    long[] s = new long[13];
    for (CacheStats c : all) {
      s[0] += c.l1Hits();
      s[1] += c.l1Misses();
      s[2] += c.l2Hits();
      s[3] += c.l2Misses();
      s[4] += c.loads();
      s[5] += c.loadFailures();
      s[6] += c.l2Errors();
      s[7] += c.decodeFailures();
      s[8] += c.staleRejected();
      s[9] += c.malformedMessages();
      s[10] += c.evictions();
      s[11] += c.l1Size();
      s[12] += c.pendingInvalidations();
    }
    return new CacheStats(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12]);
  }

  @Override
  public String toString() {
    return text();
  }
}
