package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Compares the generated sources of representative interfaces with golden files, exactly. The golden
 * files are never edited by hand: run {@code mvn -pl processor test -Dtest=GoldenFilesTest
 * -Dcachegen.updateGolden=true} and review the diff.
 */
class GoldenFilesTest {
  private static final boolean UPDATE = Boolean.getBoolean("cachegen.updateGolden");

  @Test
  void movieServiceOfTheDesign() {
    assertMatchesGolden("movie-service",
        Diagnostics.source("p.Movie", """
            package p;

            public record Movie(long id, String title) {}
            """),
        Diagnostics.source("p.MovieMetadata", """
            package p;

            public record MovieMetadata(long id, String language, String synopsis) {}
            """),
        Diagnostics.source("p.MovieService", """
            package p;

            import io.cachegen.Cached;
            import io.cachegen.Invalidates;
            import java.io.IOException;
            import java.util.List;

            public interface MovieService {
              @Cached(prefix = "movie:", ttl = "5m")
              Movie getMovie(long id);

              @Cached(prefix = "movie:meta:", ttl = "10m")
              MovieMetadata getMetadata(long id, String language);

              @Cached(prefix = "movie:recent", ttl = "2m")
              List<Movie> recentlyAdded();

              @Invalidates(prefix = "movie:", key = "{movie.id}")
              @Invalidates(prefix = "movie:meta:", key = "{movie.id}", allEntries = true)
              @Invalidates(prefix = "movie:recent")
              void updateMovie(Movie movie) throws IOException;
            }
            """));
  }

  @Test
  void nestedInterfaceWithInheritedMethodsAndEveryReturnShape() {
    assertMatchesGolden("nested-and-inherited",
        Diagnostics.source("q.Catalog", """
            package q;

            import io.cachegen.Cached;
            import io.cachegen.Invalidates;
            import java.io.IOException;
            import java.sql.SQLException;
            import java.time.LocalDate;
            import java.util.Optional;
            import java.util.Set;
            import java.util.UUID;
            import java.util.concurrent.CompletionStage;

            public final class Catalog {
              private Catalog() {}

              public enum Region { EU, US }

              public static final class Address {
                private final String city;
                public Address(String city) { this.city = city; }
                public String getCity() { return city; }
              }

              public record Customer(UUID id, Address address, boolean premium) {}

              public interface Readable<K> {
                @Cached(prefix = "item:", ttl = "90s", l1 = false)
                String name(K id) throws IOException;
              }

              public interface Store extends Readable<Long> {
                @Cached(prefix = "price:", ttl = "PT1H30M", key = "{region}/{day}/{sku}")
                double price(String sku, Region region, LocalDate day);

                @Cached(prefix = "stock:", ttl = "1d", cacheNulls = true)
                Optional<Integer> stock(char grade, Set<Region> regions);

                @Cached(prefix = "customer:", ttl = "500ms", key = "{customer.address.city}:{customer.premium}")
                CompletionStage<byte[]> avatar(Customer customer, TieredCacheLike cache) throws IOException, SQLException;

                @Invalidates(prefix = "customer:", key = "{customer.address.city}", allEntries = true)
                @Invalidates(prefix = "price:", allEntries = true)
                int move(Customer customer);

                default String banner() {
                  return "store";
                }
              }

              public interface TieredCacheLike {}
            }
            """));
  }

  private static void assertMatchesGolden(String name, JavaFileObject... sources) {
    Compilation compilation = Processing.compileCleanly(sources);
    Map<String, String> generated = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      String path = file.toUri().getPath();
      String relative = path.substring(path.indexOf("/SOURCE_OUTPUT/") + "/SOURCE_OUTPUT/".length());
      try {
        generated.put(relative, file.getCharContent(true).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path dir = goldenDir().resolve(name);
    if (UPDATE) {
      write(dir, generated);
    }
    assertThat(read(dir).keySet()).as("golden files of %s", name).isEqualTo(generated.keySet());
    read(dir).forEach((relative, golden) -> assertThat(generated.get(relative))
        .as("%s/%s (regenerate with -Dcachegen.updateGolden=true and review the diff)", name, relative)
        .isEqualTo(golden));
  }

  private static Path goldenDir() {
    String configured = System.getProperty("cachegen.goldenDir");
    return configured != null && !configured.isEmpty() ? Paths.get(configured) : Paths.get("src/test/resources/golden");
  }

  private static void write(Path dir, Map<String, String> files) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> old = Files.walk(dir)) {
          for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path file = dir.resolve(e.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> read(Path dir) {
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
