package io.cachegen.samples.domain;

/** One movie in a page of search results. */
public record SearchHit(long movieId, String title, int year) {}
