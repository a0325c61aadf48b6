package io.cachegen.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Invalidations that could not reach Redis, kept until they can: coalesced (a key under a pending
 * prefix is not kept twice) and bounded. Past {@code maxKeys} keys, each further key is widened to its
 * namespace, the text up to and including its first {@code ':'} ({@code movie:} for
 * {@code movie:meta:42:en}), and that whole prefix is dropped instead: more misses later, never a stale
 * value.
 */
final class PendingInvalidations {
  static final int DEFAULT_MAX_KEYS = 10_000;

  private final int maxKeys;
  private final Set<String> keys = new LinkedHashSet<>();
  private final NavigableSet<String> prefixes = new TreeSet<>();
  private volatile boolean empty = true;

  PendingInvalidations(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  /** Whether nothing is pending; cheap enough for every L2 read. */
  boolean isEmpty() {
    return empty;
  }

  synchronized void addKey(String key) {
    if (covered(key)) {
      return;
    }
    if (keys.size() >= maxKeys) {
      addPrefix(namespace(key));
      return;
    }
    keys.add(key);
    empty = false;
  }

  synchronized void addPrefix(String prefix) {
    if (covered(prefix)) {
      return;
    }
    prefixes.removeIf(p -> p.startsWith(prefix));
    keys.removeIf(k -> k.startsWith(prefix));
    prefixes.add(prefix);
    empty = false;
  }

  synchronized void addAll(Drained drained) {
    drained.prefixes().forEach(this::addPrefix);
    drained.keys().forEach(this::addKey);
  }

  /**
   * Takes everything pending; the caller applies it, then calls {@link #applied()}, or gives it back
   * with {@link #addAll}. Until {@code applied()}, {@link #isEmpty()} stays false: L2 is not read while
   * the invalidations are on their way.
   */
  synchronized Drained drain() {
    Drained drained = new Drained(new ArrayList<>(keys), new ArrayList<>(prefixes));
    keys.clear();
    prefixes.clear();
    return drained;
  }

  /** Says that what {@link #drain()} took reached Redis. */
  synchronized void applied() {
    empty = keys.isEmpty() && prefixes.isEmpty();
  }

  synchronized int size() {
    return keys.size() + prefixes.size();
  }

  private boolean covered(String key) {
    String floor = prefixes.floor(key);
    return floor != null && key.startsWith(floor);
  }

  static String namespace(String key) {
    int colon = key.indexOf(':');
    return colon < 0 ? key : key.substring(0, colon + 1);
  }

  record Drained(List<String> keys, List<String> prefixes) {}
}
