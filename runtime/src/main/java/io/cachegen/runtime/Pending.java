package io.cachegen.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Invalidations Redis has not taken yet ({@code docs/freshness-protocol.md} §8): keys to delete and groups
 * whose token must change, each published again once applied. Bounded by count and by bytes whatever
 * the keys look like: past either bound the queue collapses to "every group" (the root), which is always
 * correct (more misses, never a stale value). Adding is O(1).
 *
 * <p>While a key, or a group of a key, is pending, this instance neither reads that key from L2 nor fills
 * it there. A replay takes a {@link #snapshot()}, applies it, and {@link #applied removes} only what was
 * added no later than the snapshot, so an invalidation that fails again meanwhile stays.
 */
final class Pending {
  /** The default bound on pending keys and groups. */
  static final int DEFAULT_MAX_ENTRIES = 10_000;
  /** The default bound on the bytes of pending keys and groups (as UTF-16). */
  static final long DEFAULT_MAX_BYTES = 1 << 20;

  private final int maxEntries;
  private final long maxBytes;
  private final LinkedHashMap<String, Long> keys = new LinkedHashMap<>();
  private final LinkedHashMap<String, Long> groups = new LinkedHashMap<>();
  private long bytes;
  private long stamp;
  /** Set when the bounds were passed: everything is invalidated on replay. */
  private long overflowStamp;
  private volatile boolean empty = true;

  Pending(int maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /** Whether nothing is pending: one volatile read, for every L2 read. */
  boolean isEmpty() {
    return empty;
  }

  synchronized void add(List<String> keysToAdd, List<String> groupsToAdd) {
    long s = ++stamp;
    empty = false;
    if (overflowStamp != 0) {
      overflowStamp = s;
      return;
    }
    for (String k : keysToAdd) {
      if (keys.put(k, s) == null) {
        bytes += 2L * k.length() + 48;
      }
    }
    for (String g : groupsToAdd) {
      if (g.isEmpty()) {
        overflow(s);
        return;
      }
      if (groups.put(g, s) == null) {
        bytes += 2L * g.length() + 48;
      }
    }
    if (keys.size() + groups.size() > maxEntries || bytes > maxBytes) {
      overflow(s);
    }
  }

  private void overflow(long s) {
    keys.clear();
    groups.clear();
    bytes = 0;
    overflowStamp = s;
  }

  /** Whether an L2 read or fill of {@code key}, whose groups are {@code states}, must wait for a replay. */
  synchronized boolean covers(String key, GroupState[] states) {
    if (overflowStamp != 0 || keys.containsKey(key)) {
      return true;
    }
    if (!groups.isEmpty()) {
      for (GroupState state : states) {
        if (groups.containsKey(state.group)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether an invalidation of every key is pending. */
  synchronized boolean overflowed() {
    return overflowStamp != 0;
  }

  synchronized int size() {
    return overflowStamp != 0 ? 1 : keys.size() + groups.size();
  }

  /** What a replay applies: at most {@code max} keys and groups, or "everything". */
  synchronized Snapshot snapshot(int max) {
    if (overflowStamp != 0) {
      return new Snapshot(List.of(), List.of(""), stamp);
    }
    List<String> k = new ArrayList<>(Math.min(max, keys.size()));
    for (String key : keys.keySet()) {
      if (k.size() == max) {
        break;
      }
      k.add(key);
    }
    List<String> g = new ArrayList<>(Math.min(max - k.size(), groups.size()));
    for (String group : groups.keySet()) {
      if (k.size() + g.size() == max) {
        break;
      }
      g.add(group);
    }
    return new Snapshot(k, g, stamp);
  }

  /** Removes what {@code snapshot} held, unless it was added again after the snapshot. */
  synchronized void applied(Snapshot snapshot) {
    if (snapshot.groups.contains("")) {
      if (overflowStamp <= snapshot.stamp) {
        overflowStamp = 0;
      }
    } else {
      removeUpTo(keys, snapshot.keys, snapshot.stamp);
      removeUpTo(groups, snapshot.groups, snapshot.stamp);
    }
    empty = overflowStamp == 0 && keys.isEmpty() && groups.isEmpty();
  }

  private void removeUpTo(Map<String, Long> map, List<String> names, long upTo) {
    for (String name : names) {
      Long s = map.get(name);
      if (s != null && s <= upTo) {
        map.remove(name);
        bytes -= 2L * name.length() + 48;
      }
    }
  }

  /** Keys and groups to apply, and the stamp they were taken at. */
  record Snapshot(List<String> keys, List<String> groups, long stamp) {
    boolean isEmpty() {
      return keys.isEmpty() && groups.isEmpty();
    }
  }
}
