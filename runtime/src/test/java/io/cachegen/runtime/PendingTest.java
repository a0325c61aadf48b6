package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PendingTest {
  private static final GroupState[] NO_GROUPS = new GroupState[0];

  @Test
  void keysWithoutColonsAreBoundedByCountAndCollapseToEverything() {
    Pending pending = new Pending(Pending.DEFAULT_MAX_ENTRIES, Pending.DEFAULT_MAX_BYTES);
    for (int i = 0; i < 200_000; i++) {
      pending.add(List.of("k" + i), List.of());
    }
    assertThat(pending.size()).as("one entry: every key").isEqualTo(1);
    assertThat(pending.overflowed()).isTrue();
    assertThat(pending.covers("anything", NO_GROUPS)).isTrue();
    Pending.Snapshot snapshot = pending.snapshot(1000);
    assertThat(snapshot.keys()).isEmpty();
    assertThat(snapshot.groups()).containsExactly("");
    pending.applied(snapshot);
    assertThat(pending.isEmpty()).isTrue();
  }

  @Test
  void longKeysAreBoundedByBytes() {
    Pending pending = new Pending(1_000_000, 64 * 1024);
    String big = "x".repeat(10_000);
    for (int i = 0; i < 5; i++) {
      pending.add(List.of(big + i), List.of());
    }
    assertThat(pending.overflowed()).isTrue();
  }

  @Test
  void aLargeQueueCoversExactlyItsKeys() {
    Pending pending = new Pending(1_000_000, Long.MAX_VALUE);
    for (int i = 0; i < 500_000; i++) {
      pending.add(List.of("key" + i), List.of());
    }
    assertThat(pending.size()).isEqualTo(500_000);
    assertThat(pending.overflowed()).isFalse();
    assertThat(pending.covers("key499999", NO_GROUPS)).isTrue();
    assertThat(pending.covers("other", NO_GROUPS)).isFalse();
  }

  @Test
  void aReplayRemovesOnlyWhatItTookAndWhatWasNotAddedAgain() {
    Pending pending = new Pending(100, Long.MAX_VALUE);
    pending.add(List.of("a", "b"), List.of("movie:"));
    Pending.Snapshot snapshot = pending.snapshot(1000);
    pending.add(List.of("b", "c"), List.of()); // b failed again meanwhile
    pending.applied(snapshot);
    assertThat(pending.covers("a", NO_GROUPS)).isFalse();
    assertThat(pending.covers("b", NO_GROUPS)).isTrue();
    assertThat(pending.covers("c", NO_GROUPS)).isTrue();
    assertThat(pending.size()).isEqualTo(2);
  }

  @Test
  void aPendingGroupCoversTheKeysInIt() {
    Pending pending = new Pending(100, Long.MAX_VALUE);
    pending.add(List.of(), List.of("movie:meta:"));
    GroupState[] groups = {new GroupState("", 0, 0), new GroupState("movie:", 0, 0), new GroupState("movie:meta:", 0, 0)};
    assertThat(pending.covers("movie:meta:42:en", groups)).isTrue();
    assertThat(pending.covers("movie:42", new GroupState[] {groups[0], groups[1]})).isFalse();
  }
}
