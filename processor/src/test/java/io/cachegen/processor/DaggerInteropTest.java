package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dagger.internal.codegen.ComponentProcessor;
import io.cachegen.runtime.TieredCache;
import java.io.IOException;
import java.lang.reflect.Method;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Dagger builds the decorator through its generated {@code @Inject} constructor, in the same compilation. */
class DaggerInteropTest {
  private static final JavaFileObject SERVICE = Diagnostics.source("p.MovieService", """
      package p;

      import io.cachegen.Cached;

      public interface MovieService {
        @Cached(prefix = "movie:", ttl = "5m")
        String title(long id);
      }
      """);

  private static final JavaFileObject IMPL = Diagnostics.source("p.CountingMovieService", """
      package p;

      public final class CountingMovieService implements MovieService {
        public int calls;

        @Override
        public String title(long id) {
          calls++;
          return "movie " + id;
        }
      }
      """);

  private static final JavaFileObject MODULE = Diagnostics.source("p.MovieModule", """
      package p;

      import dagger.Binds;
      import dagger.Module;
      import dagger.Provides;
      import io.cachegen.runtime.TieredCache;
      import jakarta.inject.Singleton;

      @Module
      public interface MovieModule {
        @Binds
        @Singleton
        MovieService movies(CachedMovieService cached);

        @Binds
        @CachedMovieService.Delegate
        MovieService counting(CountingMovieService counting);

        @Provides
        @Singleton
        static TieredCache cache() {
          return TieredCache.inMemory();
        }

        @Provides
        @Singleton
        static CountingMovieService countingMovieService() {
          return new CountingMovieService();
        }
      }
      """);

  private static final JavaFileObject COMPONENT = Diagnostics.source("p.MovieComponent", """
      package p;

      import dagger.Component;
      import io.cachegen.runtime.TieredCache;
      import jakarta.inject.Singleton;

      @Singleton
      @Component(modules = MovieModule.class)
      public interface MovieComponent {
        MovieService movies();

        CountingMovieService counting();

        TieredCache cache();
      }
      """);

  @Test
  void daggerComponent_bindsTheInterfaceToTheDecorator_andTheQualifiedDelegateToTheImplementation() throws Exception {
    Compilation compilation = Compiler.javac()
        .withProcessors(new CachedProcessor(), new ComponentProcessor())
        .compile(SERVICE, IMPL, MODULE, COMPONENT);
    assertThat(compilation.status()).as("%s", compilation.diagnostics()).isEqualTo(Compilation.Status.SUCCESS);
    assertThat(compilation.diagnostics()).filteredOn(d -> d.getKind() == Diagnostic.Kind.ERROR).isEmpty();
    assertThat(source(compilation, "p.DaggerMovieComponent")).contains("CachedMovieService_Factory.create(");

    ClassLoader loader = Processing.classLoader(compilation);
    Class<?> api = loader.loadClass("p.MovieComponent");
    Object component = loader.loadClass("p.DaggerMovieComponent").getMethod("create").invoke(null);
    Method movies = api.getMethod("movies");
    Object decorator = movies.invoke(component);
    Object counting = api.getMethod("counting").invoke(component);
    try (TieredCache cache = (TieredCache) api.getMethod("cache").invoke(component)) {
      assertThat(decorator.getClass().getName()).isEqualTo("p.CachedMovieService");
      assertThat(movies.invoke(component)).isSameAs(decorator);

      Method title = loader.loadClass("p.MovieService").getMethod("title", long.class);
      assertThat(title.invoke(decorator, 7L)).isEqualTo("movie 7");
      assertThat(title.invoke(decorator, 7L)).isEqualTo("movie 7");
      assertThat(counting.getClass().getField("calls").getInt(counting)).isEqualTo(1);
      assertThat(cache.stats().l1Hits()).isEqualTo(1);
    }
  }

  private static String source(Compilation compilation, String name) throws IOException {
    return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
  }
}
