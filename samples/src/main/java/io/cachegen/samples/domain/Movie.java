package io.cachegen.samples.domain;

import java.time.Instant;

/** A movie in a library. */
public record Movie(
    long id, String title, int year, String genre, double rating, int votes, long libraryId, Instant addedAt) {

  /** This movie with a new title. */
  public Movie withTitle(String newTitle) {
    return new Movie(id, newTitle, year, genre, rating, votes, libraryId, addedAt);
  }

  /** This movie with a new rating and vote count. */
  public Movie withRating(double newRating, int newVotes) {
    return new Movie(id, title, year, genre, newRating, newVotes, libraryId, addedAt);
  }
}
