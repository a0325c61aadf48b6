package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingInvalidationsTest {

  @Test
  void keysUnderAPendingPrefixAreNotKeptTwice() {
    PendingInvalidations pending = new PendingInvalidations(100);
    pending.addKey("movie:1");
    pending.addKey("user:1");
    pending.addPrefix("movie:");
    pending.addKey("movie:2");
    pending.addPrefix("movie:meta:");
    PendingInvalidations.Drained drained = pending.drain();
    assertThat(drained.keys()).containsExactly("user:1");
    assertThat(drained.prefixes()).containsExactly("movie:");
    assertThat(pending.isEmpty()).as("not until the drained invalidations are applied").isFalse();
    pending.applied();
    assertThat(pending.isEmpty()).isTrue();
  }

  @Test
  void widerPrefixReplacesNarrowerOnes() {
    PendingInvalidations pending = new PendingInvalidations(100);
    pending.addPrefix("movie:meta:1:");
    pending.addPrefix("movie:meta:2:");
    pending.addPrefix("movie:");
    assertThat(pending.drain().prefixes()).containsExactly("movie:");
  }

  @Test
  void pastTheBoundKeysAreWidenedToTheirNamespace() {
    PendingInvalidations pending = new PendingInvalidations(2);
    pending.addKey("movie:1");
    pending.addKey("movie:2");
    pending.addKey("movie:meta:3:en");
    pending.addKey("session:abc");
    PendingInvalidations.Drained drained = pending.drain();
    assertThat(drained.prefixes()).as("the third movie key widened to its namespace").containsExactly("movie:");
    assertThat(drained.keys()).as("widening freed room for more keys").containsExactly("session:abc");
  }

  @Test
  void drainedInvalidationsThatFailAgainAreKept() {
    PendingInvalidations pending = new PendingInvalidations(100);
    pending.addKey("a:1");
    pending.addPrefix("b:");
    pending.addAll(pending.drain());
    assertThat(pending.size()).isEqualTo(2);
    assertThat(pending.isEmpty()).isFalse();
  }
}
