package io.cachegen.samples.domain;

import java.util.List;

/** One page of results for a search term. */
public record SearchResults(String query, int page, int total, List<SearchHit> hits) {

  /** Copies {@code hits}: values in the cache are shared, so they must not change. */
  public SearchResults {
    hits = List.copyOf(hits);
  }
}
