package io.cachegen.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void percentilesAreNearestRank_overTheFirstNSamples() {
    long[] samples = new long[200];
    for (int i = 0; i < 100; i++) {
      samples[i] = 100 - i; // 100 .. 1, unsorted; the rest is ignored
    }
    Latencies l = Latencies.of(samples, 100);
    assertThat(l.count()).isEqualTo(100);
    assertThat(l.p50()).isEqualTo(50);
    assertThat(l.p99()).isEqualTo(99);
    assertThat(l.max()).isEqualTo(100);
    assertThat(l.min()).isEqualTo(1);
    assertThat(samples[0]).as("the caller's array is left as it is").isEqualTo(100);
  }

  @Test
  void withFiftySamples_p99IsTheLargest() {
    long[] samples = new long[50];
    for (int i = 0; i < 50; i++) {
      samples[i] = i + 1;
    }
    assertThat(Latencies.of(samples).p99()).isEqualTo(50);
  }

  @Test
  void atMostCountsTies() {
    Latencies l = Latencies.of(new long[] {5, 1, 3, 3, 3, 9});
    assertThat(l.atMost(0)).isZero();
    assertThat(l.atMost(3)).isEqualTo(4);
    assertThat(l.atMost(4)).isEqualTo(4);
    assertThat(l.atMost(9)).isEqualTo(6);
  }

  @Test
  void noSamples_areZeros() {
    Latencies l = Latencies.of(new long[0]);
    assertThat(l.count()).isZero();
    assertThat(l.p50()).isZero();
    assertThat(l.max()).isZero();
  }
}
