package io.cachegen.samples.domain;

/** Where a movie's artwork lives and how large it is. */
public record ImageMetadata(long movieId, ImageKind kind, String url, int width, int height, String blurhash) {}
