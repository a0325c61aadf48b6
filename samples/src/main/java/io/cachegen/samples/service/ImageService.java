package io.cachegen.samples.service;

import io.cachegen.Cached;
import io.cachegen.Invalidates;
import io.cachegen.samples.domain.ImageKind;
import io.cachegen.samples.domain.ImageMetadata;

/** Artwork metadata: it rarely changes, so it is cached for a day. */
public interface ImageService {

  /** The movie's image of that kind, or {@code null}. Key {@code image:<movieId>:<kind>}. */
  @Cached(prefix = "image:", ttl = "24h")
  ImageMetadata getImage(long movieId, ImageKind kind);

  /** Creates or replaces an image. */
  @Invalidates(prefix = "image:", key = "{image.movieId}:{image.kind}")
  void saveImage(ImageMetadata image);
}
