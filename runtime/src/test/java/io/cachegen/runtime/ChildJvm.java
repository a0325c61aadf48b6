package io.cachegen.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code main} of the test sources in a new JVM with the test class path (for a small heap, or a
 * log configuration of its own), and returns its exit code and everything it wrote (stdout and stderr).
 */
final class ChildJvm {
  /** How a child ended: its exit code and its whole output. */
  record Outcome(int exitCode, String output) {
    List<String> lines(String part) {
      return output.lines().filter(line -> line.contains(part)).toList();
    }
  }

  private ChildJvm() {}

  /** Runs {@code mainClass} with {@code jvmArgs} and {@code args}; kills it after {@code timeoutSeconds}. */
  static Outcome run(Class<?> mainClass, List<String> jvmArgs, List<String> args, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("child-jvm-", ".log");
    try {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmArgs);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass.getName());
      command.addAll(args);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      // Pass the child's output on to this test's output, for diagnoses.
      System.out.print(text);
      return new Outcome(ended ? process.exitValue() : -1, text);
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
