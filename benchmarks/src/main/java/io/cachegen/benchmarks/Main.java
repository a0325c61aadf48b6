package io.cachegen.benchmarks;

import io.cachegen.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole comparison in one go: starts a redis-server on a free loopback port, runs the JMH
 * suites (short configuration: 1 fork, 2 × 1 s warm-up, 3 × 1 s measurement), the stampede, memory,
 * prefix-invalidation and compile-cost harnesses, and writes {@code latest.md} with every JMH JSON
 * beside it; the protocol suite ({@link Protocol}) writes {@code protocol.md}.
 *
 * <p>Usage: {@code java -jar benchmarks.jar [--out DIR]
 * [--only l1,l1t,l2,l2t,miss,scale,breakdown,stampede,memory,prefix,compile,protocol]
 * [--processor-path JAR] [--command "..."]}
 */
public final class Main {
  /** The JMH configuration: short by default, longer with {@code -Dbench.forks=… -Dbench.warmups=… -Dbench.iterations=…}. */
  static final int FORKS = Integer.getInteger("bench.forks", 1);
  static final int WARMUPS = Integer.getInteger("bench.warmups", 2);
  static final int ITERATIONS = Integer.getInteger("bench.iterations", 3);

  static final Set<String> ALL =
      Set.of("l1", "l1t", "l2", "l2t", "miss", "scale", "breakdown", "stampede", "memory", "prefix", "compile", "protocol");

  public static void main(String[] args) throws Exception {
    Path out = Path.of("benchmarks/results");
    Set<String> only = ALL;
    String processorPath = System.getProperty("cachegen.bench.processorPath");
    String command = "benchmarks/run.sh";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> only = Set.of(args[++i].split(","));
        case "--processor-path" -> processorPath = args[++i];
        case "--command" -> command = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Files.createDirectories(out);
    Report report = new Report(command);
    ProtocolReport protocolReport = new ProtocolReport(command, System.getenv());
    long started = System.nanoTime();
    List<String> redisArgs = new ArrayList<>(List.of("--save", "", "--appendonly", "no"));
    if (only.contains("protocol")) {
      redisArgs.addAll(List.of("--enable-debug-command", "local")); // DEBUG POPULATE, Redis 7
    }
    try (RedisServer redis = RedisServer.start(redisArgs.toArray(String[]::new))) {
      String uri = redis.uri();
      System.out.println("redis-server " + redis.uri());
      if (only.contains("l1")) {
        report.jmh("l1", run(out, "l1", L1HitBenchmark.class, uri, Mode.AverageTime, 1, true));
      }
      if (only.contains("l1t")) {
        report.jmh("l1t", run(out, "l1t", L1HitBenchmark.class, uri, Mode.Throughput, 2, false));
      }
      if (only.contains("l2")) {
        report.jmh("l2", run(out, "l2", L2HitBenchmark.class, uri, Mode.AverageTime, 1, true));
      }
      if (only.contains("l2t")) {
        report.jmh("l2t", run(out, "l2t", L2HitBenchmark.class, uri, Mode.Throughput, 2, false));
      }
      if (only.contains("miss")) {
        report.jmh("miss", run(out, "miss", MissLoadBenchmark.class, uri, Mode.AverageTime, 1, true));
      }
      if (only.contains("scale")) {
        report.jmh("scale", run(out, "scale", L1ScaleBenchmark.class, uri, Mode.AverageTime, 1, false));
      }
      if (only.contains("breakdown")) {
        report.jmh("breakdown", run(out, "breakdown", L1HitBreakdownBenchmark.class, uri, Mode.AverageTime, 1, true));
      }
      if (only.contains("stampede")) {
        report.stampede(Stampede.run(uri, Stampede.CONTENDERS, 20, 64));
      }
      if (only.contains("memory")) {
        report.memory(Memory.run(Memory.CONTENDERS));
      }
      if (only.contains("prefix")) {
        report.prefix(PrefixInvalidation.run(uri));
      }
      if (only.contains("protocol")) {
        String md = protocolReport.markdown(Protocol.run(uri, System.getenv()));
        Path file = out.resolve("protocol.md");
        Files.writeString(file, md);
        System.out.println();
        System.out.print(ProtocolReport.forConsole(md));
        System.out.println("wrote " + file.toAbsolutePath());
      }
    }
    if (only.contains("compile")) {
      if (processorPath == null || processorPath.isBlank()) {
        System.err.println("compile cost skipped: no --processor-path");
      } else {
        report.compile(CompileCost.run(processorPath, 2, 5));
      }
    }
    if (only.equals(Set.of("protocol"))) {
      return;
    }
    report.elapsedSeconds(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    Path md = out.resolve("latest.md");
    Files.writeString(md, report.markdown());
    System.out.println("wrote " + md.toAbsolutePath());
  }

  private static Collection<RunResult> run(
      Path out, String name, Class<?> benchmark, String uri, Mode mode, int threads, boolean gc) throws Exception {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
            .forks(FORKS)
            .warmupIterations(WARMUPS)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(ITERATIONS)
            .measurementTime(TimeValue.seconds(1))
            .mode(mode)
            .threads(threads)
            .jvmArgsAppend("-D" + BenchEnv.REDIS_PROPERTY + "=" + uri, "-Xms1g", "-Xmx3g")
            .shouldFailOnError(false)
            .result(out.resolve(name + ".json").toString())
            .resultFormat(ResultFormatType.JSON);
    if (mode == Mode.Throughput) {
      options.timeUnit(TimeUnit.MICROSECONDS);
    }
    if (gc) {
      options.addProfiler(GCProfiler.class);
    }
    String profiler = System.getProperty("bench.prof");
    if (profiler != null && !profiler.isBlank()) {
      options.addProfiler(profiler);
    }
    return new Runner(options.build()).run();
  }

  private Main() {}

  static <K, V> Map<K, V> ordered() {
    return new LinkedHashMap<>();
  }

  static <T> List<T> list() {
    return new ArrayList<>();
  }
}
