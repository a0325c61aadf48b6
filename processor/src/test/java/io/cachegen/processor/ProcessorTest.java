package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.cachegen.Cached;
import io.cachegen.runtime.TieredCache;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** How the processor behaves as a processor: class path detection, rounds, determinism, robustness. */
class ProcessorTest {
  private static final JavaFileObject SERVICE = Diagnostics.source("p.MovieService", """
      package p;

      import io.cachegen.Cached;

      public interface MovieService {
        @Cached(prefix = "movie:", ttl = "5m")
        String title(long id);
      }
      """);

  private static final String DELEGATE_QUALIFIER = """
        @Qualifier
        @Documented
        @Retention(RetentionPolicy.RUNTIME)
        @Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.FIELD, ElementType.TYPE})
        public @interface Delegate {
        }
      """;

  private static File jarOf(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static Compilation compileWith(List<File> classpath, JavaFileObject... sources) {
    return Compiler.javac().withProcessors(new CachedProcessor()).withClasspath(classpath).compile(sources);
  }

  private static String decorator(Compilation compilation) throws IOException {
    assertThat(compilation.status()).as("%s", compilation.diagnostics()).isEqualTo(Compilation.Status.SUCCESS);
    return compilation.generatedSourceFile("p.CachedMovieService").orElseThrow().getCharContent(true).toString();
  }

  private static List<File> baseClasspath() {
    return new ArrayList<>(List.of(jarOf(Cached.class), jarOf(TieredCache.class), jarOf(Ticker.class)));
  }

  @Test
  void jakartaInjectOnTheClassPath_putsJakartaInjectOnTheConstructor_andQualifiesTheDelegate() throws IOException {
    List<File> classpath = baseClasspath();
    classpath.add(jarOf(jakarta.inject.Inject.class));
    classpath.add(jarOf(javax.inject.Inject.class));

    assertThat(decorator(compileWith(classpath, SERVICE)))
        .contains(
            "import jakarta.inject.Inject;",
            "import jakarta.inject.Qualifier;",
            "  @Inject\n  public CachedMovieService(@Delegate MovieService delegate, TieredCache cache) {",
            DELEGATE_QUALIFIER)
        .doesNotContain("javax.inject");
  }

  @Test
  void onlyJavaxInjectOnTheClassPath_putsJavaxInjectOnTheConstructor_andQualifiesTheDelegate() throws IOException {
    List<File> classpath = baseClasspath();
    classpath.add(jarOf(javax.inject.Inject.class));

    assertThat(decorator(compileWith(classpath, SERVICE)))
        .contains(
            "import javax.inject.Inject;",
            "import javax.inject.Qualifier;",
            "  @Inject\n  public CachedMovieService(@Delegate MovieService delegate, TieredCache cache) {",
            DELEGATE_QUALIFIER)
        .doesNotContain("jakarta.inject");
  }

  @Test
  void noInjectOnTheClassPath_leavesTheConstructorUnannotated_andDeclaresNoQualifier() throws IOException {
    assertThat(decorator(compileWith(baseClasspath(), SERVICE)))
        .contains("  public CachedMovieService(MovieService delegate, TieredCache cache) {")
        .doesNotContain("Inject", "Qualifier", "@interface", "Delegate");
  }

  @Test
  void delegateQualifier_isARuntimeQualifierNestedInTheDecorator() throws Exception {
    List<File> classpath = baseClasspath();
    classpath.add(jarOf(jakarta.inject.Inject.class));
    Compilation compilation = compileWith(classpath, SERVICE);
    assertThat(compilation.status()).as("%s", compilation.diagnostics()).isEqualTo(Compilation.Status.SUCCESS);
    ClassLoader loader = Processing.classLoader(compilation);

    Class<?> decorator = loader.loadClass("p.CachedMovieService");
    @SuppressWarnings("unchecked")
    Class<? extends Annotation> delegate =
        (Class<? extends Annotation>) loader.loadClass("p.CachedMovieService$Delegate");
    Constructor<?> constructor = decorator.getConstructors()[0];

    assertThat(delegate.isAnnotationPresent(jakarta.inject.Qualifier.class)).isTrue();
    assertThat(constructor.isAnnotationPresent(jakarta.inject.Inject.class)).isTrue();
    assertThat(constructor.getParameters()[0].isAnnotationPresent(delegate)).isTrue();
    assertThat(constructor.getParameters()[1].getAnnotations()).isEmpty();
  }

  @Test
  void serviceNamedDelegate_isStillReferredToUnambiguously() throws IOException {
    List<File> classpath = baseClasspath();
    classpath.add(jarOf(jakarta.inject.Inject.class));
    Compilation compilation = compileWith(classpath, Diagnostics.source("p.Delegate", """
        package p;

        import io.cachegen.Cached;

        public interface Delegate {
          @Cached(prefix = "d:", ttl = "5m")
          String title(long id);
        }
        """));

    assertThat(compilation.status()).as("%s", compilation.diagnostics()).isEqualTo(Compilation.Status.SUCCESS);
    assertThat(compilation.generatedSourceFile("p.CachedDelegate").orElseThrow().getCharContent(true).toString())
        .contains("public CachedDelegate(@Delegate p.Delegate delegate, TieredCache cache)");
  }

  @Test
  void outputIsTheSameOnEveryBuild() throws IOException {
    String first = decorator(Processing.compile(SERVICE));
    String second = decorator(Processing.compile(SERVICE));

    assertThat(second).isEqualTo(first);
    assertThat(first).contains("@Generated(\"io.cachegen.processor.CachedProcessor\")").doesNotContain("date =");
  }

  @Test
  void interfaceWithoutAnnotations_getsNothing() {
    Compilation compilation = Processing.compileCleanly(Diagnostics.source("p.Plain", """
        package p;

        public interface Plain {
          String title(long id);
        }
        """));

    assertThat(compilation.generatedSourceFiles()).isEmpty();
  }

  @Test
  void genericInterface_getsANote_andItsConcreteSubInterfaceGetsTheDecorator() {
    Compilation compilation = Processing.compileCleanly(Diagnostics.source("p.Repos", """
        package p;

        import io.cachegen.Cached;

        public interface Repos {
          interface Repo<K, V> {
            @Cached(prefix = "repo:", ttl = "5m")
            V find(K id);
          }

          interface Titles extends Repo<Long, String> {}
        }
        """));

    assertThat(compilation.notes()).anySatisfy(n -> assertThat(n.getMessage(null)).startsWith("[CACHEGEN-GENERIC-INTERFACE]"));
    assertThat(compilation.generatedSourceFile("p.CachedRepos_Repo")).isEmpty();
    assertThat(compilation.generatedSourceFile("p.CachedRepos_Titles")).isPresent();
    assertThat(compilation.generatedSourceFile("p.Repos_TitlesCacheKeys")).isPresent();
  }

  @Test
  void interfaceReferringToATypeGeneratedInALaterRound_isWrittenOnceThatTypeExists() {
    Compilation compilation = Compiler.javac()
        .withProcessors(new MovieRecordGenerator(), new CachedProcessor())
        .compile(Diagnostics.source("p.MovieService", """
            package p;

            import io.cachegen.Cached;

            public interface MovieService {
              @Cached(prefix = "movie:", ttl = "5m", key = "{id}")
              GeneratedMovie getMovie(long id);
            }
            """));

    assertThat(compilation.status()).as("%s", compilation.diagnostics()).isEqualTo(Compilation.Status.SUCCESS);
    assertThat(compilation.generatedSourceFile("p.CachedMovieService")).isPresent();
  }

  @Test
  void processorNeverClaimsAnnotations_soOtherProcessorsStillSeeThem() {
    CachedProcessor processor = new CachedProcessor();

    assertThat(processor.getSupportedAnnotationTypes()).containsExactly("*");
    assertThat(processor.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
  }

  @Test
  void parameterNamedCacheOrDelegate_doesNotShadowTheFields() throws IOException {
    Compilation compilation = Processing.compileCleanly(Diagnostics.source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          String title(long cache, String delegate);
        }
        """));

    assertThat(decorator(compilation))
        .contains("this.cache.peek(TITLE, key)", "this.cache.get(TITLE, key, () -> this.delegate.title(cache, delegate))")
        .doesNotContain("== null)");
  }

  @Test
  void parametersNamedLikeTheLocals_getLocalsWithOtherNames() throws IOException {
    Compilation compilation = Processing.compileCleanly(Diagnostics.source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          String title(String key, long cached);
        }
        """));

    assertThat(decorator(compilation)).contains(
        "String key2 = MovieServiceCacheKeys.title(key, cached);",
        "String cached2 = cache.peek(TITLE, key2);",
        "return cache.get(TITLE, key2, () -> delegate.title(key, cached));");
  }

  @Test
  void processorIsRegistered_andDeclaredIsolatingForGradle() throws IOException {
    ClassLoader loader = CachedProcessor.class.getClassLoader();
    try (var services = loader.getResourceAsStream("META-INF/services/javax.annotation.processing.Processor");
        var gradle = loader.getResourceAsStream("META-INF/gradle/incremental.annotation.processors")) {
      assertThat(services).as("AutoService registration").isNotNull();
      assertThat(new String(services.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim())
          .isEqualTo(CachedProcessor.class.getName());
      assertThat(gradle).as("Gradle incremental declaration").isNotNull();
      assertThat(new String(gradle.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim())
          .isEqualTo(CachedProcessor.class.getName() + ",isolating");
    }
  }

  @Test
  void typeThatNeverResolves_leavesJavacsErrorAlone_withoutAProcessorError() {
    Compilation compilation = Processing.compile(Diagnostics.source("p.MovieService", """
        package p;

        import io.cachegen.Cached;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          NoSuchMovie getMovie(long id);
        }
        """));

    assertThat(compilation.errors()).hasSize(1);
    assertThat(compilation.errors().get(0).getMessage(null)).doesNotContain("CACHEGEN").contains("NoSuchMovie");
    assertThat(compilation.warnings()).anySatisfy(w -> assertThat(w.getMessage(null)).startsWith("[CACHEGEN-UNRESOLVED]"));
  }

  @Test
  void failureInsideTheProcessor_becomesOneErrorWithTheStackTrace_neverAnException() {
    List<String> errors = new ArrayList<>();
    javax.annotation.processing.Messager messager = (javax.annotation.processing.Messager) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(),
        new Class<?>[] {javax.annotation.processing.Messager.class},
        (proxy, method, args) -> {
          if (args != null && args[0] == Diagnostic.Kind.ERROR) {
            errors.add(String.valueOf(args[1]));
          }
          return null;
        });
    javax.annotation.processing.ProcessingEnvironment env =
        (javax.annotation.processing.ProcessingEnvironment) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {javax.annotation.processing.ProcessingEnvironment.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getMessager")) {
                return messager;
              }
              throw new IllegalStateException("boom in " + method.getName());
            });
    RoundEnvironment round = (RoundEnvironment) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {RoundEnvironment.class}, (proxy, method, args) -> false);
    CachedProcessor processor = new CachedProcessor();
    processor.init(env);

    boolean claimed = processor.process(Set.of(), round);

    assertThat(claimed).isFalse();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("[CACHEGEN-INTERNAL]").contains("IllegalStateException: boom in", "at io.cachegen.processor.");
  }

  @Test
  void checkedExceptionsCoveredByAnotherDeclaredOne_areLeftOutOfTheMultiCatch() throws IOException {
    Compilation compilation = Processing.compileCleanly(Diagnostics.source("p.MovieService", """
        package p;

        import io.cachegen.Cached;
        import java.io.FileNotFoundException;
        import java.io.IOException;
        import java.sql.SQLException;

        public interface MovieService {
          @Cached(prefix = "movie:", ttl = "5m")
          String title(long id) throws FileNotFoundException, IOException, SQLException, IllegalStateException;
        }
        """));

    assertThat(decorator(compilation))
        .contains("} catch (IOException | SQLException | RuntimeException | Error e) {\n      throw e;")
        .contains("} catch (Exception e) {\n      throw new UndeclaredThrowableException(e);");
  }

  /** Writes {@code p.GeneratedMovie} in the first round, as another processor would. */
  private static final class MovieRecordGenerator extends AbstractProcessor {
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!written) {
        written = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("p.GeneratedMovie").openWriter()) {
          w.write("package p; public record GeneratedMovie(long id) {}");
        } catch (IOException e) {
          processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, e.toString());
        }
      }
      return false;
    }
  }
}
