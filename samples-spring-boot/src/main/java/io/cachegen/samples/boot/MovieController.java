package io.cachegen.samples.boot;

import io.cachegen.samples.domain.Movie;
import io.cachegen.samples.service.MovieService;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /movies}: reads are cached by the generated decorator, a PUT invalidates what it changes. */
@RestController
@RequestMapping("/movies")
public class MovieController {
  private final MovieService movies;

  /** Over whatever {@code MovieService} the context holds: the generated {@code CachedMovieService}. */
  public MovieController(MovieService movies) {
    this.movies = movies;
  }

  /** One movie, or 404. */
  @GetMapping("/{id}")
  public ResponseEntity<Movie> movie(@PathVariable("id") long id) {
    Movie movie = movies.getMovie(id);
    return movie == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(movie);
  }

  /** The 20 movies added last. */
  @GetMapping("/recent")
  public List<Movie> recent() {
    return movies.recentlyAdded();
  }

  /** Saves a movie; the body's id must be the path's. */
  @PutMapping("/{id}")
  public ResponseEntity<Movie> update(@PathVariable("id") long id, @RequestBody Movie movie) {
    if (movie.id() != id) {
      return ResponseEntity.badRequest().build();
    }
    movies.updateMovie(movie);
    return ResponseEntity.ok(movie);
  }
}
