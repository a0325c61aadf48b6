package io.cachegen.samples.demo;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Zipf-distributed ranks {@code 0..n-1}: rank 0 is the most popular. Immutable, thread-safe. */
final class Zipf {
  private final double[] cdf;

  Zipf(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be positive: " + n);
    }
    cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, exponent);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
  }

  int size() {
    return cdf.length;
  }

  int sample(SplittableRandom random) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    int rank = i >= 0 ? i : -i - 1;
    return Math.min(rank, cdf.length - 1);
  }
}
