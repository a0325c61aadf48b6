package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import io.cachegen.runtime.TieredCache;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MovieService of DESIGN.md, declared entirely in memory (records and annotations in source), run
 * against an in-memory cache. Its types exist only in the compilation, so the test calls them reflectively.
 */
class DesignExampleTest {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private TieredCache cache;
  private ClassLoader loader;
  private Object service;

  @BeforeEach
  void compileAndDecorate() throws Exception {
    Compilation compilation = Processing.compileCleanly(
        Processing.source("p.Movie", "package p;", "public record Movie(long id, String title) {}"),
        Processing.source("p.MovieMetadata", "package p;", "public record MovieMetadata(long id, String language) {}"),
        Processing.source("p.MovieService",
            "package p;",
            "",
            "import io.cachegen.Cached;",
            "import io.cachegen.Invalidates;",
            "import java.io.IOException;",
            "import java.util.List;",
            "",
            "public interface MovieService {",
            "  @Cached(prefix = \"movie:\", ttl = \"5m\")",
            "  Movie getMovie(long id);",
            "",
            "  @Cached(prefix = \"movie:meta:\", ttl = \"10m\")",
            "  MovieMetadata getMetadata(long id, String language);",
            "",
            "  @Cached(prefix = \"movie:recent\", ttl = \"2m\")",
            "  List<Movie> recentlyAdded();",
            "",
            "  @Invalidates(prefix = \"movie:\", key = \"{movie.id}\")",
            "  @Invalidates(prefix = \"movie:meta:\", key = \"{movie.id}\", allEntries = true)",
            "  @Invalidates(prefix = \"movie:recent\")",
            "  void updateMovie(Movie movie) throws IOException;",
            "}"));
    loader = Processing.classLoader(compilation);
    Class<?> serviceType = loader.loadClass("p.MovieService");
    Class<?> movie = loader.loadClass("p.Movie");
    Class<?> metadata = loader.loadClass("p.MovieMetadata");
    Object delegate = Proxy.newProxyInstance(loader, new Class<?>[] {serviceType}, (proxy, method, args) -> {
      calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
      return switch (method.getName()) {
        case "getMovie" -> movie.getConstructor(long.class, String.class).newInstance(args[0], "Movie " + args[0]);
        case "getMetadata" -> metadata.getConstructor(long.class, String.class).newInstance(args[0], args[1]);
        case "recentlyAdded" -> List.of(movie.getConstructor(long.class, String.class).newInstance(1L, "Movie 1"));
        default -> null;
      };
    });
    cache = TieredCache.inMemory();
    service = loader.loadClass("p.CachedMovieService")
        .getConstructor(serviceType, TieredCache.class)
        .newInstance(delegate, cache);
  }

  @AfterEach
  void close() {
    cache.close();
  }

  private Object call(String name, Object... args) throws Exception {
    for (Method m : service.getClass().getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(service, args);
        } catch (InvocationTargetException e) {
          throw (Exception) e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  private int calls(String name) {
    AtomicInteger n = calls.get(name);
    return n == null ? 0 : n.get();
  }

  @Test
  void readsAreCached_andUpdateMovieInvalidatesEachNamedEntry() throws Exception {
    Object movie = call("getMovie", 42L);
    call("getMovie", 42L);
    call("getMetadata", 42L, "en");
    call("getMetadata", 42L, "de");
    call("getMetadata", 420L, "en");
    call("recentlyAdded");
    call("recentlyAdded");
    assertThat(movie.toString()).isEqualTo("Movie[id=42, title=Movie 42]");
    assertThat(calls("getMovie")).isEqualTo(1);
    assertThat(calls("getMetadata")).isEqualTo(3);
    assertThat(calls("recentlyAdded")).isEqualTo(1);

    call("updateMovie", movie);

    call("getMovie", 42L);
    call("getMetadata", 42L, "en");
    call("getMetadata", 42L, "de");
    call("getMetadata", 420L, "en");
    call("recentlyAdded");
    assertThat(calls("getMovie")).as("movie:42 was deleted").isEqualTo(2);
    assertThat(calls("getMetadata")).as("movie:meta:42:* was deleted, movie:meta:420:en was not").isEqualTo(5);
    assertThat(calls("recentlyAdded")).as("movie:recent was deleted").isEqualTo(2);
  }
}
