package io.cachegen.samples.domain;

/** A movie to add to a library; the database assigns its id. */
public record NewMovie(String title, int year, String genre, long libraryId) {}
