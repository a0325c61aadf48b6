package io.cachegen.samples.domain;

/** The artwork a movie has. */
public enum ImageKind {
  POSTER,
  BACKDROP,
  LOGO
}
