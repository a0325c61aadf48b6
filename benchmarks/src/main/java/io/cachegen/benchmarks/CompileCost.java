package io.cachegen.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The processor's compile-time cost: javac in this JVM ({@link ToolProvider}) on a generated corpus of
 * {@link #INTERFACES} interfaces × {@link #METHODS} methods (each with a hand-written implementation,
 * as in a real code base), without the processor ({@code -proc:none}) and with it. Warm-up compiles
 * first, then alternating timed compiles; the median of each is reported.
 */
final class CompileCost {
  static final int INTERFACES = 200;
  static final int METHODS = 10;
  static final String PROCESSOR = "io.cachegen.processor.CachedProcessor";

  /** Median milliseconds without and with the processor, and what the processor wrote. */
  record Result(
      double withoutMs, double withMs, double generatedOnlyMs, int sources, int generatedFiles, int repeats,
      List<Long> without, List<Long> with, List<Long> generatedOnly) {
    double overheadPercent() {
      return (withMs / withoutMs - 1) * 100;
    }
  }

  private CompileCost() {}

  static Result run(String processorPath, int warmups, int repeats) throws IOException {
    Path root = Files.createTempDirectory("cachegen-corpus-");
    try {
      List<Path> sources = writeCorpus(root.resolve("src"));
      String classPath = System.getProperty("java.class.path");
      for (int i = 0; i < warmups; i++) {
        compile(root, sources, classPath, null, "w" + i);
        compile(root, sources, classPath, processorPath, "wp" + i);
      }
      // The same sources plus what the processor wrote, compiled without the processor: what compiling
      // the generated code costs, so that "with" minus this is what running the processor costs.
      List<Path> withGenerated = new ArrayList<>(sources);
      try (Stream<Path> s = Files.walk(root.resolve("wp0").resolve("gen"))) {
        s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(withGenerated::add);
      }
      compile(root, withGenerated, classPath, null, "wg");
      List<Long> without = new ArrayList<>();
      List<Long> with = new ArrayList<>();
      List<Long> generatedOnly = new ArrayList<>();
      int generated = 0;
      for (int i = 0; i < repeats; i++) {
        without.add(compile(root, sources, classPath, null, "n" + i));
        with.add(compile(root, sources, classPath, processorPath, "p" + i));
        generatedOnly.add(compile(root, withGenerated, classPath, null, "g" + i));
        generated = count(root.resolve("p" + i).resolve("gen"));
      }
      Result r = new Result(
          median(without), median(with), median(generatedOnly), sources.size(), generated, repeats, without, with, generatedOnly);
      System.out.printf(
          "compile: %d sources, without processor %.0f ms, with %.0f ms (+%.1f%%), %d generated files; "
              + "sources + generated files without processor %.0f ms%n",
          r.sources(), r.withoutMs(), r.withMs(), r.overheadPercent(), r.generatedFiles(), r.generatedOnlyMs());
      return r;
    } finally {
      delete(root);
    }
  }

  private static long compile(Path root, List<Path> sources, String classPath, String processorPath, String run)
      throws IOException {
    Path out = Files.createDirectories(root.resolve(run).resolve("classes"));
    Path gen = Files.createDirectories(root.resolve(run).resolve("gen"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options = new ArrayList<>(List.of("--release", "17", "-d", out.toString(), "-s", gen.toString(), "-classpath", classPath));
    if (processorPath == null) {
      options.add("-proc:none");
    } else {
      options.addAll(List.of("-processorpath", processorPath, "-processor", PROCESSOR));
    }
    long start = System.nanoTime();
    boolean ok;
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (!ok) {
      throw new IllegalStateException("corpus did not compile (" + run + "): " + diagnostics.getDiagnostics().stream().limit(5).toList());
    }
    return millis;
  }

  static List<Path> writeCorpus(Path src) throws IOException {
    Path pkg = Files.createDirectories(src.resolve("corpus"));
    List<Path> sources = new ArrayList<>();
    sources.add(write(pkg.resolve("Value.java"),
        "package corpus;\n\nimport java.util.List;\n\npublic record Value(long id, String name, List<String> tags) {}\n"));
    for (int i = 0; i < INTERFACES; i++) {
      StringBuilder api = new StringBuilder();
      StringBuilder impl = new StringBuilder();
      api.append("package corpus;\n\nimport io.cachegen.Cached;\nimport io.cachegen.Invalidates;\nimport java.util.List;\n\n")
          .append("public interface Service").append(i).append(" {\n");
      impl.append("package corpus;\n\nimport java.util.List;\n\n")
          .append("public final class Service").append(i).append("Impl implements Service").append(i).append(" {\n");
      for (int m = 0; m < METHODS; m++) {
        String prefix = "s" + i + "m" + m + ":";
        switch (m % 5) {
          case 0, 1 -> {
            api.append("  @Cached(prefix = \"").append(prefix).append("\", ttl = \"5m\")\n")
                .append("  Value find").append(m).append("(long id);\n\n");
            impl.append("  @Override\n  public Value find").append(m).append("(long id) {\n")
                .append("    return new Value(id, \"v\" + id, List.of(\"a\", \"b\"));\n  }\n\n");
          }
          case 2 -> {
            api.append("  @Cached(prefix = \"").append(prefix).append("\", ttl = \"10m\")\n")
                .append("  Value find").append(m).append("(long id, String language);\n\n");
            impl.append("  @Override\n  public Value find").append(m).append("(long id, String language) {\n")
                .append("    return new Value(id, language, List.of());\n  }\n\n");
          }
          case 3 -> {
            api.append("  @Cached(prefix = \"").append(prefix).append("\", ttl = \"2m\")\n")
                .append("  List<Value> list").append(m).append("(String query, int page);\n\n");
            impl.append("  @Override\n  public List<Value> list").append(m).append("(String query, int page) {\n")
                .append("    return List.of(new Value(page, query, List.of()));\n  }\n\n");
          }
          default -> {
            api.append("  @Invalidates(prefix = \"s").append(i).append("m0:\", key = \"{value.id}\")\n")
                .append("  @Invalidates(prefix = \"s").append(i).append("m2:\", key = \"{value.id}\", allEntries = true)\n")
                .append("  void update").append(m).append("(Value value);\n\n");
            impl.append("  @Override\n  public void update").append(m).append("(Value value) {}\n\n");
          }
        }
      }
      api.append("}\n");
      impl.append("}\n");
      sources.add(write(pkg.resolve("Service" + i + ".java"), api.toString()));
      sources.add(write(pkg.resolve("Service" + i + "Impl.java"), impl.toString()));
    }
    return sources;
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static int count(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return (int) s.filter(p -> p.toString().endsWith(".java")).count();
    }
  }

  private static double median(List<Long> values) {
    long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
  }

  private static void delete(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String describe(Result r) {
    return Arrays.toString(new Object[] {r.without(), r.with()});
  }
}
