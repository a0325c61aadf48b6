package io.cachegen.samples.demo;

import java.io.PrintStream;
import java.util.Map;

/**
 * The demo's entry point: {@code ./mvnw -q -pl samples -am verify -DskipTests -Pdemo}, with options in
 * {@code -Dexec.args="--redis redis://localhost:6379 --instances 2"}. Exits 1 on any stale read or error.
 */
public final class DemoMain {
  private DemoMain() {}

  /** Runs the demo and exits with its status when that is not 0. */
  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the demo and returns its exit status: 0 ok, 1 stale reads or errors, 2 bad command line. */
  public static int run(String[] args, Map<String, String> env, PrintStream out) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, env);
    } catch (DemoOptions.UsageException e) {
      if (e.getMessage() != null) {
        out.println("demo: " + e.getMessage());
        out.println();
      }
      out.println(DemoOptions.USAGE);
      return e.getMessage() == null ? 0 : 2;
    }
    return Demo.run(options, out).exitStatus();
  }
}
