package io.cachegen.samples.service;

import io.cachegen.Cached;
import io.cachegen.Invalidates;
import io.cachegen.samples.domain.LibraryStats;

/** Libraries: the stats page is an aggregate over thousands of rows, cached for ten minutes. */
public interface LibraryService {

  /** Counts and averages over one library, or {@code null} if there is no such library. */
  @Cached(prefix = "library:stats:", ttl = "10m")
  LibraryStats stats(long libraryId);

  /**
   * Records a rescan of a library. {@code InvalidateLibrary}: a rescan may change anything the
   * library shows, so every library's stats, both movie lists and all search results go.
   */
  @Invalidates(prefix = "library:stats:", allEntries = true)
  @Invalidates(prefix = "movie:recent")
  @Invalidates(prefix = "movie:toprated")
  @Invalidates(prefix = "search:", allEntries = true)
  void rescan(long libraryId);
}
