package io.cachegen.processor;

import static io.cachegen.processor.Diagnostics.assertLocated;
import static io.cachegen.processor.Diagnostics.assertSingleError;
import static io.cachegen.processor.Diagnostics.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * One test per rule: each source breaks exactly one rule, and the processor reports exactly one error,
 * at the annotation value that breaks it, and writes nothing.
 */
class DiagnosticsTest {

  private static String message(Diagnostic<?> d) {
    return d.getMessage(Locale.ROOT);
  }

  @Test
  void cachedOnAClassMethod_isRejectedAtTheAnnotation() {
    JavaFileObject file = source("p.MovieRepository", """
        package p;

        import io.cachegen.Cached;

        public class MovieRepository {
          @Cached(prefix = "movie:", ttl = "5m")
          public String title(long id) {
            return "";
          }
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-NOT-INTERFACE", "@Cached(", "@Cached(");
    assertThat(message(error)).contains("title", "class MovieRepository", "interface");
  }

  @Test
  void cachedOnAVoidMethod_isRejectedAtTheAnnotation() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          void refresh(long id);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-VOID", "@Cached(", "@Cached(");
    assertThat(message(error)).contains("MovieService.refresh(long)", "@Invalidates");
  }

  @Test
  void cachedOnAGenericMethod_isRejectedAtTheAnnotation() {
    JavaFileObject file = source("p.Settings", """
        package p;

        import io.cachegen.Cached;

        public interface Settings {
          @Cached(prefix = "setting:", ttl = "5m")
          <T> T get(String name, Class<T> type);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-GENERIC-METHOD", "@Cached(", "@Cached(");
    assertThat(message(error)).contains("<T>", "one method per value type");
  }

  @Test
  void cachedAndInvalidatesOnOneMethod_isRejectedAtCached() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface MovieService {
          @Invalidates(prefix = "movie:")
          @Cached(prefix = "movie:", ttl = "5m")
          String touch(long id);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error =
        assertSingleError(compilation, file, "CACHEGEN-CACHED-AND-INVALIDATES", "@Cached(", "@Cached(");
    assertThat(message(error)).contains("split it");
  }

  @ParameterizedTest(name = "ttl \"{0}\" {1}")
  @CsvSource({
    "5, is not a duration",
    "5 minutes, is not a duration",
    "5min, is not a duration",
    "0s, is zero",
    "PT0S, is zero",
    "-5m, is negative",
    "-PT5M, is negative",
    "PT, is not a duration",
    "99999999999999999999d, is too long",
  })
  void ttlThatIsNotAPositiveDuration_isRejectedAtTheTtlValue(String ttl, String problem) {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:",
              ttl = "%s")
          String title(long id);
        }
        """.formatted(ttl));
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-TTL", "ttl = ", "\"" + ttl);
    assertThat(message(error)).contains("ttl \"" + ttl + "\" " + problem, "\"5m\"", "PT5M");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"''", "'   '"})
  void blankPrefix_isRejectedAtThePrefixValue(String prefix) {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(ttl = "5m",
              prefix = "%s")
          String title(long id);
        }
        """.formatted(prefix));
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-PREFIX", "prefix = ", "\"");
    assertThat(message(error)).contains("empty or blank");
  }

  @ParameterizedTest
  @CsvSource({"movie:*", "movie?", "movie:[1]", "a\\\\b"})
  void prefixWithAGlobCharacter_isRejectedAtThePrefixValue(String prefix) {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Invalidates;

        public interface MovieService {
          @Invalidates(
              prefix = "%s", allEntries = true)
          void clear();
        }
        """.formatted(prefix));
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-PREFIX", "prefix = ", "\"");
    assertThat(message(error)).contains("glob character");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{id| is not closed",
    "id}| closes no",
    "{}| names nothing",
    "{id.}| is not a parameter name or a property path",
    "{1d}| is not a parameter name or a property path",
  })
  void malformedKeyTemplate_isRejectedAtTheKeyValue(String key, String problem) {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m",
              key = "%s")
          String title(long id);
        }
        """.formatted(key));
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-SYNTAX", "key = ", "\"");
    assertThat(message(error)).contains("key \"" + key + "\" is malformed", problem);
  }

  @Test
  void unknownParameterInKey_isRejectedAtTheKeyValue_withASuggestion() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m",
              key = "{idd}")
          String title(long id);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-UNKNOWN", "key = ", "\"{idd}\"");
    assertThat(message(error)).endsWith("unknown parameter \"idd\" in key \"{idd}\"; did you mean \"id\"?");
  }

  @Test
  void unknownPropertyInKey_isRejectedAtTheKeyValue_withASuggestion() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Invalidates;

        public interface MovieService {
          record Movie(long id, String title) {}

          @Invalidates(prefix = "movie:",
              key = "{movie.idd}")
          void update(Movie movie);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-UNKNOWN", "key = ", "\"{movie.idd}\"");
    assertThat(message(error)).contains("unknown property \"idd\" of Movie", "did you mean \"id\"?");
  }

  @Test
  void unknownPropertyInARepeatedInvalidates_isRejectedAtThatKeyValue() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface MovieService {
          class Movie {
            public long id;
            public String getTitle() { return ""; }
          }

          @Cached(prefix = "movie:", ttl = "5m")
          String title(long id);

          @Invalidates(prefix = "movie:", key = "{movie.id}")
          @Invalidates(prefix = "movie:", key = "{movie.titel}")
          void update(Movie movie);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-UNKNOWN", "movie.titel", "\"{movie.titel}\"");
    assertThat(message(error)).contains("did you mean \"title\"?");
  }

  @Test
  void keyPartOfAnUnsupportedType_isRejectedAtTheAnnotation_suggestingPropertyPaths() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          record Query(String title, int year, Object extra) {}

          @Cached(prefix = "movie:search:", ttl = "5m")
          String search(Query query);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-TYPE", "@Cached(", "@Cached(");
    assertThat(message(error))
        .contains("key part \"{query}\"", "has type Query", "{query.title} or {query.year}")
        .doesNotContain("{query.extra}");
  }

  @Test
  void keyPropertyOfAnUnsupportedType_isRejectedAtTheKeyValue() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;
        import java.util.List;

        public interface MovieService {
          record Query(List<Object> tags) {}

          @Cached(prefix = "movie:search:", ttl = "5m",
              key = "{query.tags}")
          String search(Query query);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-TYPE", "key = ", "\"{query.tags}\"");
    assertThat(message(error)).contains("has type List<Object>");
  }

  @Test
  void cachedPrefixThatStartsAnotherWhoseKeysCanContinueIt_isAKeyCollision() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          String byTitle(String title);

          @Cached(ttl = "5m",
              prefix = "movie:meta:")
          String metadata(long id);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error =
        assertSingleError(compilation, file, "CACHEGEN-KEY-COLLISION", "prefix = \"movie:meta:\"", "\"movie:meta:\"");
    assertThat(message(error)).contains("metadata", "byTitle", "can continue with \"meta:\"");
  }

  @Test
  void equalCachedPrefixes_areAKeyCollision() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          String title(long id);

          @Cached(ttl = "5m",
              prefix = "movie:")
          String year(long id);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error =
        assertSingleError(compilation, file, "CACHEGEN-KEY-COLLISION", "prefix = \"movie:\")", "\"movie:\"");
    assertThat(message(error)).contains("prefixes are equal");
  }

  @Test
  void numericKeyUnderAShorterPrefix_doesNotCollideWithALongerPrefixStartingWithALetter() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          String title(long id);

          @Cached(prefix = "movie:meta:", ttl = "5m")
          String metadata(long id, String language);

          @Cached(prefix = "movie:recent", ttl = "2m")
          String recent();
        }
        """);

    Processing.compileCleanly(file);
  }

  @Test
  void numericKeyUnderAShorterPrefix_collidesWithALongerPrefixStartingWithADigit() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          String title(long id);

          @Cached(ttl = "5m",
              prefix = "movie:2024:")
          String of2024(long id);
        }
        """);
    Compilation compilation = Processing.compile(file);

    assertSingleError(compilation, file, "CACHEGEN-KEY-COLLISION", "prefix = \"movie:2024:\"", "\"movie:2024:\"");
  }

  @Test
  void invalidatedPrefixThatNoCachedMethodUses_isAWarningAtThePrefix_andCodeIsStillWritten() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          String title(long id);

          @Invalidates(
              prefix = "movies:", key = "{id}")
          void update(long id);
        }
        """);
    Compilation compilation = Processing.compile(file);

    assertThat(compilation.errors()).isEmpty();
    var warnings = compilation.warnings().stream().filter(w -> message(w).contains("CACHEGEN")).toList();
    assertThat(warnings).hasSize(1);
    assertThat(message(warnings.get(0)))
        .startsWith("[CACHEGEN-UNUSED-INVALIDATION] ")
        .contains("\"movies:\"", "\"movie:\"", "any interface compiled with it");
    assertLocated(warnings.get(0), file, "prefix = \"movies:\"", "\"movies:\"");
    assertThat(compilation.generatedSourceFile("p.CachedMovieService")).isPresent();
  }

  @Test
  void invalidatingAnotherInterfacesCachedPrefix_inTheSameCompilation_isNoWarning() {
    JavaFileObject movies = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          String title(long id);
        }
        """);
    JavaFileObject library = source("p.LibraryService", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface LibraryService {
          @Cached(prefix = "library:", ttl = "5m")
          String name(long id);

          @Invalidates(prefix = "movie:", allEntries = true)
          void rescan();
        }
        """);

    Processing.compileCleanly(library, movies);
  }

  @Test
  void allEntriesInvalidationOfAPrefixOfACachedPrefix_isNoWarning() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface MovieService {
          @Cached(prefix = "movie:meta:", ttl = "5m")
          String metadata(long id);

          @Invalidates(prefix = "movie:", allEntries = true)
          void clearAll();
        }
        """);

    Processing.compileCleanly(file);
  }

  @Test
  void cachedMethodThrowingThrowable_isRejectedAtTheAnnotation() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          String title(long id) throws Throwable;
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-THROWS", "@Cached(", "@Cached(");
    assertThat(message(error)).contains("\"throws Throwable\"", "Exception subclasses");
  }

  @Test
  void privateNestedInterface_isRejectedAtTheInterface() {
    JavaFileObject file = source("p.Outer", """
        package p;

        import io.cachegen.Cached;

        public class Outer {
          private interface Hidden {
            @Cached(prefix = "movie:", ttl = "5m")
            String title(long id);
          }
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error =
        assertSingleError(compilation, file, "CACHEGEN-NOT-ACCESSIBLE", "private interface Hidden", "interface Hidden");
    assertThat(message(error)).contains("CachedOuter_Hidden", "package-private or public");
  }

  @Test
  void twoBrokenRules_giveTwoErrors() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5",
              key = "{idd}")
          String title(long id);
        }
        """);
    Compilation compilation = Processing.compile(file);

    assertThat(compilation.errors()).extracting(Diagnostics_::tag)
        .containsExactly("[CACHEGEN-TTL]", "[CACHEGEN-KEY-UNKNOWN]");
  }

  /** The tag of a diagnostic. */
  private static final class Diagnostics_ {
    static String tag(Diagnostic<?> d) {
      String m = message(d);
      return m.substring(0, m.indexOf(']') + 1);
    }
  }
}
