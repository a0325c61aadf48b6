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
  void cachedKeyThatNamesNoParameter_onAMethodWithParameters_isRejectedAtTheKeyValue_suggestingBraces() {
    JavaFileObject file = source("p.Inventory", """
        package p;

        import io.cachegen.Cached;

        public interface Inventory {
          @Cached(prefix = "stock:", ttl = "1m",
              key = "sku")
          int stock(String sku);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-CONSTANT", "key = ", "\"sku\"");
    assertThat(message(error)).contains(
        "key \"sku\" of Inventory.stock(String) names no parameter", "every call would share one cache entry",
        "write \"{sku}\"");
  }

  @Test
  void cachedKeyThatNamesNoParameter_withoutAParameterName_suggestsTheDefaultKey() {
    JavaFileObject file = source("p.Inventory", """
        package p;

        import io.cachegen.Cached;

        public interface Inventory {
          @Cached(prefix = "stock:", ttl = "1m",
              key = "all")
          int stock(String sku, String warehouse);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-CONSTANT", "key = ", "\"all\"");
    assertThat(message(error)).contains("such as \"{sku}\"", "(\"{sku}:{warehouse}\")");
  }

  @Test
  void literalKeyOnAMethodWithoutParameters_isAccepted() {
    Processing.compileCleanly(source("p.Settings", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface Settings {
          @Cached(prefix = "settings:", ttl = "1m", key = "all")
          String all();

          @Invalidates(prefix = "settings:", key = "all")
          void reload();
        }
        """));
  }

  @ParameterizedTest(name = "key \"{0}\"")
  @CsvSource(delimiter = '|', value = {
    "{sku}| this key renders 1 part (String) where that key renders 2 parts (String, String)"
        + "| or add allEntries = true to remove every entry whose key continues \"stock:{sku}:\"",
    "{warehouse}:{sku}| this key has \"{warehouse}\" where that key has \"{sku}\" (and \"{warehouse}\" elsewhere)"
        + "| write the key with the same parts in the same order as \"{sku}:{warehouse}\"",
    "{quantity}:{warehouse}| this key has \"{quantity}\" of type int where that key has \"{sku}\" of type String"
        + "| write the key with the same parts in the same order as \"{sku}:{warehouse}\"",
    "{sku}/{warehouse}| this key has the text \"/\" where that key has the text \":\""
        + "| write the key with the same parts in the same order as \"{sku}:{warehouse}\"",
  })
  void invalidationKeyThatCanNeverMatchTheCachedKeyOfItsPrefix_isRejectedAtTheKeyValue(
      String key, String reason, String fix) {
    JavaFileObject file = source("p.Inventory", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface Inventory {
          @Cached(prefix = "stock:", ttl = "1m")
          int stock(String sku, String warehouse);

          @Invalidates(prefix = "stock:",
              key = "%s")
          void restock(String sku, String warehouse, int quantity);
        }
        """.formatted(key));
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error =
        assertSingleError(compilation, file, "CACHEGEN-INVALIDATION-MISMATCH", "key = \"" + key, "\"" + key);
    assertThat(message(error)).contains(
        "@Invalidates(prefix = \"stock:\", key = \"" + key + "\") of Inventory.restock(String, String, int) "
            + "can never remove an entry of Inventory.stock, which caches under prefix \"stock:\" with key "
            + "\"{sku}:{warehouse}\"",
        reason,
        fix);
  }

  @ParameterizedTest(name = "key \"{0}\", allEntries = true")
  @CsvSource({"{sku}", "{sku}:{warehouse}", "{item.sku}"})
  void invalidationKeyThatMatchesTheCachedKeyOrItsFirstParts_isAccepted(String key) {
    Processing.compileCleanly(source("p.Inventory", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface Inventory {
          record Item(String sku, String warehouse) {}

          @Cached(prefix = "stock:", ttl = "1m")
          int stock(String sku, String warehouse);

          @Invalidates(prefix = "stock:", key = "%s", allEntries = true)
          void restock(String sku, String warehouse, Item item);

          @Invalidates(prefix = "stock:", key = "{item.sku}:{item.warehouse}")
          void move(Item item);
        }
        """.formatted(key)));
  }

  @Test
  void integralPartsOfDifferentTypes_matchBecauseTheyRenderAlike() {
    Processing.compileCleanly(source("p.Movies", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface Movies {
          record Movie(int id, Long libraryId) {}

          @Cached(prefix = "movie:", ttl = "1m")
          String title(long id);

          @Cached(prefix = "library:", ttl = "1m")
          String library(long libraryId);

          @Invalidates(prefix = "movie:", key = "{movie.id}")
          @Invalidates(prefix = "library:", key = "{movie.libraryId}")
          void update(Movie movie);
        }
        """));
  }

  @Test
  void allEntriesInvalidationWhoseFirstPartsAreInAnotherOrder_isRejectedAtTheKeyValue() {
    JavaFileObject file = source("p.Inventory", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface Inventory {
          @Cached(prefix = "stock:", ttl = "1m")
          int stock(String sku, String warehouse);

          @Invalidates(prefix = "stock:", allEntries = true,
              key = "{warehouse}")
          void closeWarehouse(String warehouse);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error =
        assertSingleError(compilation, file, "CACHEGEN-INVALIDATION-MISMATCH", "key = \"{warehouse}\"", "\"{warehouse}\"");
    assertThat(message(error)).contains("\"{warehouse}\" where that key has \"{sku}\"", "(with allEntries = true, its first parts)");
  }

  @Test
  void bareInvalidationOfAPrefixWhoseCachedMethodsAllHaveParameters_isRejectedAtThePrefix() {
    JavaFileObject file = source("p.Inventory", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface Inventory {
          @Cached(prefix = "stock:", ttl = "1m")
          int stock(String sku, String warehouse);

          @Invalidates(
              prefix = "stock:")
          void restock(String sku);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error =
        assertSingleError(compilation, file, "CACHEGEN-INVALIDATION-MISMATCH", "prefix = \"stock:\")", "\"stock:\"");
    assertThat(message(error)).contains(
        "removes only the key \"stock:\" itself", "allEntries = true to remove every entry of the prefix");
  }

  @Test
  void invalidationOfAnotherInterfacesCachedKey_isCheckedAgainstThatKey() {
    JavaFileObject admin = source("p.Admin", """
        package p;

        import io.cachegen.Invalidates;

        public interface Admin {
          @Invalidates(prefix = "stock:",
              key = "{sku}")
          void recall(String sku);
        }
        """);
    JavaFileObject inventory = source("p.Inventory", """
        package p;

        import io.cachegen.Cached;

        public interface Inventory {
          @Cached(prefix = "stock:", ttl = "1m")
          int stock(String sku, String warehouse);
        }
        """);
    Compilation compilation = Processing.compile(inventory, admin);

    Diagnostic<?> error = assertSingleError(compilation, admin, "CACHEGEN-INVALIDATION-MISMATCH", "key = ", "\"{sku}\"");
    assertThat(message(error)).contains("Admin.recall(String)", "Inventory.stock");
  }

  @Test
  void allEntriesPrefixThatNeitherEndsWithAColonNorIsACachedPrefix_isRejectedAtThePrefix() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface MovieService {
          @Cached(prefix = "movie:recent", ttl = "2m")
          String recent();

          @Invalidates(allEntries = true,
              prefix = "movie:rec")
          void clear();
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-GROUP", "prefix = \"movie:rec\"", "\"movie:rec\"");
    assertThat(message(error)).contains(
        "\"movie:rec\" is neither", "end it with ':', or write the whole prefix", "(\"movie:recent\")");
  }

  @Test
  void allEntriesPrefixEqualToACachedPrefixThatStartsAnotherCachedPrefix_isRejectedAtThePrefix() {
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface MovieService {
          @Cached(prefix = "movie:recent", ttl = "2m")
          String recent();

          @Cached(prefix = "movie:recently:", ttl = "2m")
          String recently(long id);

          @Invalidates(allEntries = true,
              prefix = "movie:recent")
          void clear();
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-GROUP", "prefix = \"movie:recent\")", "\"movie:recent\"");
    assertThat(message(error)).contains("also starts the prefix \"movie:recently:\" of MovieService.recently");
  }

  @Test
  void allEntriesPrefixEqualToACachedPrefix_orEndingWithAColon_isAccepted() {
    Processing.compileCleanly(source("p.MovieService", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface MovieService {
          @Cached(prefix = "movie:recent", ttl = "2m")
          String recent();

          @Cached(prefix = "movie:meta:", ttl = "2m")
          String meta(long id);

          @Invalidates(prefix = "movie:recent", allEntries = true)
          @Invalidates(prefix = "movie:", allEntries = true)
          void clear();
        }
        """));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
    "Cached| static| String title(long id) { return \"\"; }| be cached",
    "Cached| private| String title(long id) { return \"\"; }| be cached",
    "Invalidates| static| void clear() {}| invalidate anything",
  })
  void annotationOnAStaticOrPrivateInterfaceMethod_isRejectedAtTheAnnotation(
      String annotation, String modifier, String declaration, String effect) {
    String values = annotation.equals("Cached") ? "prefix = \"movie:\", ttl = \"5m\"" : "prefix = \"movie:\"";
    JavaFileObject file = source("p.MovieService", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;

        public interface MovieService {
          @Cached(prefix = "title:", ttl = "1m")
          String get(long id);

          @%s(%s)
          %s %s
        }
        """.formatted(annotation, values, modifier, declaration));
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(
        compilation, file, "CACHEGEN-NOT-OVERRIDABLE", "@" + annotation + "(" + values, "@" + annotation);
    assertThat(message(error)).contains(
        "is on the " + modifier + " method MovieService.", "cannot override", "would never " + effect);
  }

  @Test
  void staticAnnotatedMethodOfAnInterfaceWithNoOtherAnnotation_isStillReported() {
    JavaFileObject file = source("p.Movies", """
        package p;

        import io.cachegen.Cached;

        public interface Movies {
          @Cached(prefix = "movie:", ttl = "5m")
          static String title(long id) {
            return "";
          }
        }
        """);
    Compilation compilation = Processing.compile(file);

    assertSingleError(compilation, file, "CACHEGEN-NOT-OVERRIDABLE", "@Cached(", "@Cached(");
  }

  private static final JavaFileObject REPOSITORY = source("p.Repository", """
      package p;

      import io.cachegen.Cached;

      public interface Repository<T, ID> {
        @Cached(prefix = "repo:", ttl = "1m")
        T findById(ID id);
      }
      """);
  private static final JavaFileObject PRODUCT = source("p.Product", "package p; public record Product(String id) {}");
  private static final JavaFileObject WAREHOUSE = source("p.Warehouse", "package p; public record Warehouse(String id) {}");

  @Test
  void twoInterfacesInheritingOneCachedPrefixWithDifferentValueTypes_isRejectedAtTheSecondInterface() {
    JavaFileObject products = source("p.ProductRepository", """
        package p;

        public interface ProductRepository extends Repository<Product, String> {}
        """);
    JavaFileObject warehouses = source("p.WarehouseRepository", """
        package p;

        public interface WarehouseRepository extends Repository<Warehouse, String> {}
        """);
    // The second by qualified name gets the error, whatever the order of the sources.
    Compilation compilation = Processing.compile(warehouses, REPOSITORY, PRODUCT, WAREHOUSE, products);

    Diagnostic<?> error = assertSingleError(
        compilation, warehouses, "CACHEGEN-TYPE-COLLISION", "public interface WarehouseRepository", "interface");
    assertThat(message(error)).contains(
        "keys of WarehouseRepository.findById (inherited from Repository) (prefix \"repo:\", key \"{id}\", "
            + "values of type Warehouse) can be equal to keys of ProductRepository.findById (prefix \"repo:\", "
            + "key \"{id}\", values of type Product), because the prefixes are equal",
        "override findById in WarehouseRepository",
        "\"warehouse-repository:repo:\"");
  }

  @Test
  void overridingTheInheritedMethodWithAPrefixOfItsOwn_resolvesTheTypeCollision() {
    Processing.compileCleanly(REPOSITORY, PRODUCT, WAREHOUSE,
        source("p.ProductRepository", """
            package p;

            public interface ProductRepository extends Repository<Product, String> {}
            """),
        source("p.WarehouseRepository", """
            package p;

            import io.cachegen.Cached;

            public interface WarehouseRepository extends Repository<Warehouse, String> {
              @Override
              @Cached(prefix = "warehouse:", ttl = "1m")
              Warehouse findById(String id);
            }
            """));
  }

  @Test
  void cachedMethodsOfTwoInterfacesWithOverlappingPrefixesAndDifferentValueTypes_isRejectedAtTheSecondPrefix() {
    JavaFileObject products = source("p.Products", """
        package p;

        import io.cachegen.Cached;

        public interface Products {
          @Cached(prefix = "item:", ttl = "1m")
          Product get(String id);
        }
        """);
    JavaFileObject warehouses = source("p.Warehouses", """
        package p;

        import io.cachegen.Cached;

        public interface Warehouses {
          @Cached(ttl = "1m",
              prefix = "item:warehouse:")
          Warehouse get(String id);
        }
        """);
    Compilation compilation = Processing.compile(warehouses, products, PRODUCT, WAREHOUSE);

    Diagnostic<?> error = assertSingleError(
        compilation, warehouses, "CACHEGEN-TYPE-COLLISION", "prefix = \"item:warehouse:\"", "\"item:warehouse:\"");
    assertThat(message(error)).contains(
        "can continue with \"warehouse:\"", "give Warehouses.get a prefix that does not overlap \"item:\"");
  }

  @Test
  void twoInterfacesCachingOneValueTypeUnderOneKeyShape_orKeysThatCannotMeet_areAccepted() {
    Processing.compileCleanly(REPOSITORY, PRODUCT, WAREHOUSE,
        source("p.ProductRepository", """
            package p;

            public interface ProductRepository extends Repository<Product, String> {}
            """),
        source("p.ProductCatalog", """
            package p;

            import io.cachegen.Cached;

            public interface ProductCatalog {
              @Cached(prefix = "repo:", ttl = "1m")
              Product product(String id);
            }
            """),
        source("p.Stock", """
            package p;

            import io.cachegen.Cached;

            public interface Stock {
              @Cached(prefix = "stock:", ttl = "1m")
              Product byId(long id);
            }
            """),
        source("p.StockMeta", """
            package p;

            import io.cachegen.Cached;

            public interface StockMeta {
              @Cached(prefix = "stock:meta:", ttl = "1m")
              Warehouse meta(long id);
            }
            """));
  }

  @Test
  void cachedPrefixOfALaterRound_isCheckedAgainstTheInterfacesOfEarlierRounds() {
    JavaFileObject products = source("p.Products", """
        package p;

        import io.cachegen.Cached;

        public interface Products {
          @Cached(prefix = "item:", ttl = "1m")
          Product get(String id);
        }
        """);
    Compilation compilation = com.google.testing.compile.Compiler.javac()
        .withProcessors(new CachedProcessor(), new SourceWriter("p.Warehouses", """
            package p;

            import io.cachegen.Cached;

            public interface Warehouses {
              @Cached(prefix = "item:", ttl = "1m")
              Warehouse get(String id);
            }
            """))
        .compile(products, PRODUCT, WAREHOUSE);

    assertThat(compilation.errors()).hasSize(1);
    Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
    assertThat(message(error)).startsWith("[CACHEGEN-TYPE-COLLISION] keys of Warehouses.get").contains("Products.get");
    assertThat(error.getSource().getName()).endsWith("Warehouses.java");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "prefix| @Cached(ttl = \"1m\", key = \"{id}\",| prefix = \"a\\uD800:\")| \"a\\uD800:\" contains the unpaired surrogate \\uD800 at index 1",
    "key| @Cached(ttl = \"1m\", prefix = \"a:\",| key = \"v\\uDC00/{id}\")| \"v\\uDC00/{id}\" contains the unpaired surrogate \\uDC00 at index 1",
  })
  void unpairedSurrogateInAPrefixOrKey_isRejectedAtThatValue(String member, String first, String second, String text) {
    JavaFileObject file = source("p.Names", """
        package p;

        import io.cachegen.Cached;

        public interface Names {
          %s
              %s
          String name(long id);
        }
        """.formatted(first, second));
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-SURROGATE", member + " = ", "\"");
    assertThat(message(error)).contains(member + " " + text, "UTF-8 cannot encode");
  }

  @Test
  void surrogatePairInAPrefix_isAccepted() {
    Processing.compileCleanly(source("p.Names", """
        package p;

        import io.cachegen.Cached;

        public interface Names {
          @Cached(prefix = "\\uD83D\\uDE00:", ttl = "1m")
          String name(long id);
        }
        """));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "String[] tags| declare the parameter as List<String> tags instead of String[] tags",
    "String... tags| declare the parameter as List<String> tags instead of String... tags",
    "long[] tags| declare the parameter as List<Long> tags instead of long[] tags",
  })
  void arrayOrVarargsKeyPart_isRejected_withAHintToDeclareAList(String parameter, String hint) {
    JavaFileObject file = source("p.Tags", """
        package p;

        import io.cachegen.Cached;

        public interface Tags {
          @Cached(prefix = "tag:", ttl = "1m")
          String byTags(%s);
        }
        """.formatted(parameter));
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-TYPE", "@Cached(", "@Cached(");
    assertThat(message(error))
        .contains("arrays and varargs cannot be key parts", hint, "keep {tags} in the key")
        .doesNotContain("{tags.id}");
  }

  @Test
  void propertyPathIntoAnArray_isRejected_withTheSameHint() {
    JavaFileObject file = source("p.Tags", """
        package p;

        import io.cachegen.Cached;

        public interface Tags {
          @Cached(prefix = "tag:", ttl = "1m",
              key = "{tags.id}")
          String byTags(String[] tags);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-UNKNOWN", "key = ", "\"{tags.id}\"");
    assertThat(message(error)).contains(
        "{tags} is an array, which has no properties", "List<String> tags instead of String[] tags");
  }

  @Test
  void followingTheArrayHint_compiles() {
    Processing.compileCleanly(source("p.Tags", """
        package p;

        import io.cachegen.Cached;
        import java.util.List;

        public interface Tags {
          @Cached(prefix = "tag:", ttl = "1m")
          String byTags(List<String> tags);
        }
        """));
  }

  @Test
  void keyPartWithoutAnySupportedProperty_isRejected_withAHintThatDoesNotNameAMissingProperty() {
    JavaFileObject file = source("p.Search", """
        package p;

        import io.cachegen.Cached;

        public interface Search {
          record Query(Object raw) {}

          @Cached(prefix = "search:", ttl = "1m")
          String search(Query query);
        }
        """);
    Compilation compilation = Processing.compile(file);

    Diagnostic<?> error = assertSingleError(compilation, file, "CACHEGEN-KEY-TYPE", "@Cached(", "@Cached(");
    assertThat(message(error)).contains("Query has no property of a supported type", "add one");
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

  /** Writes one source file in the first round, as another processor would. */
  private static final class SourceWriter extends javax.annotation.processing.AbstractProcessor {
    private final String name;
    private final String text;
    private boolean written;

    SourceWriter(String name, String text) {
      this.name = name;
      this.text = text;
    }

    @Override
    public java.util.Set<String> getSupportedAnnotationTypes() {
      return java.util.Set.of("*");
    }

    @Override
    public javax.lang.model.SourceVersion getSupportedSourceVersion() {
      return javax.lang.model.SourceVersion.latestSupported();
    }

    @Override
    public boolean process(
        java.util.Set<? extends javax.lang.model.element.TypeElement> annotations,
        javax.annotation.processing.RoundEnvironment round) {
      if (!written) {
        written = true;
        try (java.io.Writer w = processingEnv.getFiler().createSourceFile(name).openWriter()) {
          w.write(text);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
