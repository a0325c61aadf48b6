package io.cachegen.runtime;

import java.util.List;

/** A cached value of the tests. */
record Movie(long id, String title, List<String> genres) {
  static Movie of(long id) {
    return new Movie(id, "Movie " + id, List.of("drama", "comedy"));
  }
}
