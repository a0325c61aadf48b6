package io.cachegen.samples.domain;

import java.time.Instant;
import java.util.Map;

/** Aggregates over one library: an expensive query, cached for ten minutes. */
public record LibraryStats(
    long libraryId,
    String name,
    long movieCount,
    double averageRating,
    int newestYear,
    Map<String, Long> moviesByGenre,
    Instant scannedAt) {

  /** Copies {@code moviesByGenre}: values in the cache are shared, so they must not change. */
  public LibraryStats {
    moviesByGenre = Map.copyOf(moviesByGenre);
  }
}
