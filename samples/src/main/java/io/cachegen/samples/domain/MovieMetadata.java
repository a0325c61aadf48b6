package io.cachegen.samples.domain;

/** A movie's localized metadata. */
public record MovieMetadata(long movieId, String language, String title, String overview, int runtimeMinutes) {}
