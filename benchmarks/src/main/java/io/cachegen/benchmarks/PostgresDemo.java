package io.cachegen.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The samples' demo on PostgreSQL with two app instances on the harness's Redis, run the way its README
 * says ({@code ./mvnw -q -pl samples -am verify -DskipTests -Pdemo -Dexec.args="…"}) from the
 * repository's root: a phase without cache, then one with. The database is {@code CACHEGEN_PG_URL} (a
 * JDBC URL), the user {@code CACHEGEN_PG_USER} (default {@code postgres}), the password
 * {@code CACHEGEN_PG_PASSWORD} (default none). The demo drops and recreates its own schema there.
 */
final class PostgresDemo {
  static final String URL = "CACHEGEN_PG_URL";
  static final String USER = "CACHEGEN_PG_USER";
  static final String PASSWORD = "CACHEGEN_PG_PASSWORD";
  private static final String REPORT_START = "cachegen demo: the media server";

  /**
   * @param command the command that ran, the password hidden
   * @param exitStatus the demo's exit status (0: no stale read, no error)
   * @param report the report the demo printed, from its first line
   */
  record Result(String command, int exitStatus, List<String> report, long seconds) {}

  private PostgresDemo() {}

  /** Whether {@code CACHEGEN_PG_URL} is set. */
  static boolean configured(Map<String, String> env) {
    String url = env.get(URL);
    return url != null && !url.isBlank();
  }

  /** The demo's arguments, {@code hidden} in place of the password. */
  static List<String> arguments(Map<String, String> env, String redisUri, String hidden) {
    List<String> args = new ArrayList<>(List.of("--jdbc-url", env.get(URL).strip()));
    String user = env.getOrDefault(USER, "");
    args.addAll(List.of("--jdbc-user", user.isBlank() ? "postgres" : user.strip()));
    String password = env.getOrDefault(PASSWORD, "");
    if (!password.isEmpty()) {
      args.addAll(List.of("--jdbc-password", hidden == null ? password : hidden));
    }
    args.addAll(List.of("--redis", redisUri, "--instances", "2", "--no-progress"));
    return args;
  }

  /** The command, as a person would type it; {@code hidden} in place of the password if not null. */
  static String command(Map<String, String> env, String redisUri, String hidden) {
    return "./mvnw -q -pl samples -am verify -DskipTests -Pdemo -Dexec.args=\""
        + String.join(" ", arguments(env, redisUri, hidden)) + "\"";
  }

  /** Runs the demo from the current directory, which must be the repository's root; echoes its output. */
  static Result run(Map<String, String> env, String redisUri) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of("mvnw"))) {
      throw new IllegalStateException("the demo runs from the repository's root (where mvnw is); run benchmarks/run.sh");
    }
    List<String> command = new ArrayList<>(List.of("./mvnw", "-q", "-pl", "samples", "-am", "verify", "-DskipTests", "-Pdemo"));
    command.add("-Dexec.args=" + String.join(" ", arguments(env, redisUri, null)));
    long started = System.nanoTime();
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> report = new ArrayList<>();
    boolean inReport = false;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        System.out.println("demo | " + line);
        inReport |= line.startsWith(REPORT_START);
        if (inReport) {
          report.add(line);
        }
      }
    }
    int status = demo.waitFor();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    return new Result(command(env, redisUri, "***"), status, List.copyOf(report), seconds);
  }
}
