package io.cachegen.samples.demo;

import io.cachegen.runtime.CacheStats;
import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.db.Schema;
import io.cachegen.samples.di.MediaServices;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One run of the demo: seed, a baseline phase without cache, a phase with cache, and the report. */
public final class Demo {
  /** Every key the demo's services write starts with one of these; cleared from L2 before the run. */
  static final List<String> KEY_SPACES =
      List.of("session:", "user:", "rbac:", "settings:", "movie:", "library:", "search:", "image:");

  private Demo() {}

  /** Runs the demo, printing progress and the report to {@code out}. */
  public static DemoReport run(DemoOptions options, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "cachegen demo: seeding %s with %,d movies, %,d users and %,d sessions, then a run without and one with the cache%n",
        options.jdbcUrl() == null ? "embedded H2" : options.jdbcUrl(),
        options.size().movies(), options.size().users(), options.size().sessions());
    out.flush();
    long t0 = System.nanoTime();
    try (Database db = openDatabase(options)) {
      Schema.Seeded seeded = Schema.recreate(db, options.size());
      long seedNanos = System.nanoTime() - t0;

      Database baselineDb = db.withOwnCounter();
      Workload baseline = new Workload(List.of(MediaServices.jdbc(baselineDb)), seeded, options.threads(), false, 1);
      long baselineRequests = options.requests() > 0 ? Math.max(1, options.requests() / 5) : 0;
      Workload.Result without =
          runPhase(options, out, "without cache", baseline, baselineRequests, options.duration().dividedBy(3));

      List<TieredCache> caches = new ArrayList<>();
      try {
        List<MediaServices> instances = new ArrayList<>();
        List<Database> views = new ArrayList<>();
        for (int i = 0; i < options.instances(); i++) {
          TieredCache cache =
              TieredCache.builder().redisUri(options.redisUri()).l1MaximumSize(options.l1Size()).build();
          caches.add(cache);
          if (i == 0 && cache.hasL2()) {
            // L2 may hold a previous run's values, which this freshly seeded database no longer has.
            KEY_SPACES.forEach(cache::invalidatePrefix);
          }
          Database view = db.withOwnCounter();
          views.add(view);
          instances.add(MediaServices.cached(MediaServices.jdbc(view), cache));
        }
        Workload workload = new Workload(instances, seeded, options.threads(), true, 2);
        Workload.Result with = runPhase(options, out, "with cache", workload, options.requests(), options.duration());
        List<CacheStats> stats = caches.stream().map(TieredCache::stats).toList();
        boolean l2Available = caches.stream().allMatch(c -> !c.hasL2() || c.isL2Available());
        long queries = views.stream().mapToLong(Database::queryCount).sum();
        DemoReport report =
            new DemoReport(
                options, db.dialect(), seeded.size(), seedNanos, without, baselineDb.queryCount(), with, queries,
                stats, l2Available);
        out.println();
        out.print(report.text());
        out.flush();
        return report;
      } finally {
        caches.forEach(TieredCache::close);
      }
    }
  }

  private static Workload.Result runPhase(
      DemoOptions options, PrintStream out, String label, Workload workload, long requests, Duration duration) {
    ProgressBar bar = new ProgressBar(out, options.progress(), label, workload::progress, workload::completed);
    try {
      return workload.run(label, requests, duration);
    } finally {
      bar.close();
    }
  }

  private static Database openDatabase(DemoOptions options) {
    if (options.jdbcUrl() == null) {
      return Database.h2InMemory();
    }
    return Database.connect(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword(), 16);
  }
}
