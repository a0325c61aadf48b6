package io.cachegen.samples.service;

import io.cachegen.Cached;
import io.cachegen.Invalidates;
import io.cachegen.samples.domain.SearchResults;

/**
 * Search over a term index of movie titles. Results follow the index, which {@link #reindex} rebuilds;
 * between rebuilds the 30 s TTL bounds how old a page can be.
 */
public interface SearchService {

  /** Page {@code page} (from 0, 20 hits a page) of the movies whose title has the word {@code query}. */
  @Cached(prefix = "search:", ttl = "30s")
  SearchResults search(String query, int page);

  /** Rebuilds the index from the movie titles. {@code InvalidateSearch}. */
  @Invalidates(prefix = "search:", allEntries = true)
  void reindex();
}
