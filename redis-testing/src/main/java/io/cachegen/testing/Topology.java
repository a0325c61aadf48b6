package io.cachegen.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What {@link RedisCluster} and {@link RedisSentinelSet} share: probing nodes, parsing replies, cleaning up. */
final class Topology {
  /** How long a probe waits for one reply: a node that takes longer is not healthy. */
  static final Duration PROBE = Duration.ofSeconds(2);

  private Topology() {}

  /** Whether the node can be asked: running and not paused. */
  static boolean live(RedisServer node) {
    return node.isRunning() && !node.isPaused();
  }

  /** The {@code field:value} lines of an {@code INFO} or {@code CLUSTER INFO} reply. */
  static Map<String, String> fields(Object reply) {
    Map<String, String> fields = new HashMap<>();
    for (String line : ((String) reply).split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  /** A flat {@code [key, value, key, value…]} reply (RESP2 maps, as {@code SENTINEL MASTER} gives) as a map. */
  static Map<String, String> pairs(Object reply) {
    List<?> list = (List<?>) reply;
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      map.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
    }
    return map;
  }

  /** {@code INFO replication} of a node, asked with the probe timeout. */
  static Map<String, String> replication(RedisServer node) {
    return fields(node.command(PROBE, "INFO", "replication"));
  }

  /** A line about the node's process for diagnoses: its state, pid and the tail of its log when it is down. */
  static String header(RedisServer node) {
    if (!node.isRunning()) {
      return node + ", last log lines:\n" + indent(node.logTail(3));
    }
    return node + " pid " + node.pid();
  }

  /** Indents every line by four spaces. */
  static String indent(String text) {
    return ("    " + text.strip()).replace("\n", "\n    ");
  }

  /** Kills every node, swallowing what fails, then deletes {@code root} and everything under it. */
  static void destroy(List<RedisServer> nodes, Path root) {
    for (RedisServer node : nodes) {
      try {
        node.kill();
      } catch (RuntimeException ignored) {
        // keep killing the others
      }
    }
    if (root == null) {
      return;
    }
    try (var files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }

  /** Creates a temporary directory. */
  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Creates {@code parent/name}. */
  static Path subDir(Path parent, String name) {
    try {
      return Files.createDirectories(parent.resolve(name));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Checks a builder argument. */
  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
