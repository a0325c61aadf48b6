package io.cachegen.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * The group states of this instance ({@code docs/freshness-protocol.md} §3, §6): the root group
 * ({@code ""}, every key) and a bounded map of the others. A key's groups end at its boundaries: 0, after
 * each {@code ':'}, and at the end of its declared prefix.
 *
 * <p>Killing a group replaces its state and marks the old one dead: every L1 entry of the group stops
 * being served at once, without a walk over L1. A state evicted from the bounded map is killed as well,
 * so that no L1 entry can outlive an invalidation of a group this instance no longer tracks.
 */
final class Groups {
  private final Cache<String, GroupState> states;
  private final Ticker ticker;
  private volatile GroupState root;

  Groups(long maximumSize, Ticker ticker, Executor executor) {
    this.ticker = ticker;
    this.states =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .executor(executor)
            .<String, GroupState>evictionListener((group, state, cause) -> {
              if (state != null) {
                state.kill();
              }
            })
            .build();
    this.root = new GroupState("", GroupState.UNKNOWN, ticker.read());
  }

  /**
   * Where the groups of {@code key} end: 0, after each {@code ':'}, and at the end of
   * {@code declaredPrefix} (if it does not end with {@code ':'}); ascending, without repeats.
   */
  static int[] boundaries(String key, String declaredPrefix) {
    int n = key.length();
    int count = 1;
    for (int i = 0; i < n; i++) {
      if (key.charAt(i) == ':') {
        count++;
      }
    }
    int extra = -1;
    if (declaredPrefix != null
        && !declaredPrefix.isEmpty()
        && !declaredPrefix.endsWith(":")
        && key.startsWith(declaredPrefix)) {
      extra = declaredPrefix.length();
      count++;
    }
    int[] b = new int[count];
    int j = 1;
    for (int i = 0; i < n; i++) {
      if (key.charAt(i) == ':') {
        b[j++] = i + 1;
      }
    }
    if (extra >= 0) {
      b[j] = extra;
      Arrays.sort(b);
      return dedupe(b);
    }
    return b;
  }

  private static int[] dedupe(int[] sorted) {
    int w = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[w++] = sorted[i];
      }
    }
    return w == sorted.length ? sorted : Arrays.copyOf(sorted, w);
  }

  /** The current states of the groups of {@code key} ending at {@code boundaries}. */
  GroupState[] resolve(String key, int[] boundaries) {
    GroupState[] resolved = new GroupState[boundaries.length];
    for (int i = 0; i < boundaries.length; i++) {
      resolved[i] = state(key.substring(0, boundaries[i]));
    }
    return resolved;
  }

  /** The current state of {@code group}, created (with an unknown token) if there is none. */
  GroupState state(String group) {
    if (group.isEmpty()) {
      return root;
    }
    return states.get(group, g -> new GroupState(g, GroupState.UNKNOWN, ticker.read()));
  }

  /** The current state of {@code group} if this instance tracks it, else {@code null}. */
  GroupState existing(String group) {
    return group.isEmpty() ? root : states.getIfPresent(group);
  }

  /**
   * Kills {@code group}: its L1 entries stop being served. The next state has {@code token} if it is
   * known (the writer just chose it), else it is fetched on the next L2 read.
   */
  void kill(String group, long token) {
    GroupState fresh = new GroupState(group, token, ticker.read());
    GroupState old;
    if (group.isEmpty()) {
      synchronized (this) {
        old = root;
        root = fresh;
      }
    } else {
      old = states.asMap().put(group, fresh);
    }
    if (old != null) {
      old.kill();
    }
  }

  /**
   * Replaces {@code state}, if it is still current, by one with {@code token}, and kills it: Redis's token
   * differs from the one this instance had. Returns the current state afterwards.
   */
  GroupState replace(GroupState state, long token) {
    GroupState fresh = new GroupState(state.group, token, ticker.read());
    boolean replaced;
    if (state.group.isEmpty()) {
      synchronized (this) {
        replaced = root == state;
        if (replaced) {
          root = fresh;
        }
      }
    } else {
      replaced = states.asMap().replace(state.group, state, fresh);
    }
    state.kill();
    return replaced ? fresh : state(state.group);
  }

  /**
   * Kills {@code state}, and if it is still its group's current state puts one in its place whose token
   * is fetched on the next L2 read; if another state replaced it already, that one stays.
   */
  void killIfCurrent(GroupState state) {
    GroupState fresh = new GroupState(state.group, GroupState.UNKNOWN, ticker.read());
    if (state.group.isEmpty()) {
      synchronized (this) {
        if (root == state) {
          root = fresh;
        }
      }
    } else {
      states.asMap().replace(state.group, state, fresh);
    }
    state.kill();
  }

  /** Kills every group, root included: every L1 entry stops being served and every token is forgotten. */
  void killAll() {
    kill("", GroupState.UNKNOWN);
    states.asMap().values().removeIf(state -> {
      state.kill();
      return true;
    });
  }

  /** The number of groups tracked besides the root. */
  long size() {
    return states.estimatedSize();
  }
}
