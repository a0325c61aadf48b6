package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The index of generated decorators: one resource {@code META-INF/cachegen/decorators/<interface binary
 * name>} per decorator, holding the decorator's binary name, for containers that wire decorators without
 * configuration (the Spring Boot auto-configuration reads it).
 */
class DecoratorIndexTest {
  private static final String MOVIES = """
      package p;

      import io.cachegen.Cached;

      public interface MovieService {
        @Cached(prefix = "movie:", ttl = "5m")
        String title(long id);
      }
      """;

  private static final String OUTER = """
      package p;

      import io.cachegen.Cached;

      public interface Outer {
        interface Foo {
          @Cached(prefix = "foo:", ttl = "5m")
          String find(long id);
        }
      }
      """;

  private static String entry(Compilation compilation, String interfaceBinaryName) throws IOException {
    assertThat(compilation.status()).as("%s", compilation.diagnostics()).isEqualTo(Compilation.Status.SUCCESS);
    JavaFileObject file = compilation
        .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/cachegen/decorators/" + interfaceBinaryName)
        .orElseThrow(() -> new AssertionError("no index entry for " + interfaceBinaryName));
    return file.getCharContent(true).toString();
  }

  @Test
  void eachDecorator_isListedUnderItsInterfacesBinaryName_withTheDecoratorsBinaryNameAsItsOneLine()
      throws IOException {
    Compilation compilation = Processing.compileCleanly(
        Diagnostics.source("p.MovieService", MOVIES), Diagnostics.source("p.Outer", OUTER));

    assertThat(entry(compilation, "p.MovieService")).isEqualTo("p.CachedMovieService\n");
    assertThat(entry(compilation, "p.Outer$Foo")).isEqualTo("p.CachedOuter_Foo\n");
  }

  @Test
  void interfaceWithoutAnnotations_isNotListed() {
    Compilation compilation = Processing.compileCleanly(Diagnostics.source("p.Plain", """
        package p;

        public interface Plain {
          String title(long id);
        }
        """));

    assertThat(compilation.generatedFiles())
        .noneSatisfy(f -> assertThat(f.toUri().getPath()).contains("META-INF/cachegen"));
  }

  @Test
  void anEntry_isWrittenWithTheInterfaceAsItsOnlyOriginatingElement_andNothingForABrokenInterface() {
    RecordingProcessor recording = new RecordingProcessor();
    Compilation compilation = Compiler.javac()
        .withProcessors(recording)
        .compile(
            Diagnostics.source("p.MovieService", MOVIES),
            Diagnostics.source("p.Broken", """
                package p;

                import io.cachegen.Cached;

                public interface Broken {
                  @Cached(prefix = "broken:", ttl = "five minutes")
                  String title(long id);
                }
                """));

    assertThat(compilation.errors()).hasSize(1);
    assertThat(recording.resources).containsExactly(
        "META-INF/cachegen/decorators/p.MovieService originating [p.MovieService]");
  }

  /** The processor, with a filer that records every resource it creates and the originating elements. */
  private static final class RecordingProcessor extends AbstractProcessor {
    final List<String> resources = new ArrayList<>();
    private final CachedProcessor processor = new CachedProcessor();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      Filer filer = env.getFiler();
      Filer recordingFiler = new Filer() {
        @Override
        public JavaFileObject createSourceFile(CharSequence name, Element... originatingElements) throws IOException {
          return filer.createSourceFile(name, originatingElements);
        }

        @Override
        public JavaFileObject createClassFile(CharSequence name, Element... originatingElements) throws IOException {
          return filer.createClassFile(name, originatingElements);
        }

        @Override
        public FileObject createResource(
            JavaFileManager.Location location, CharSequence moduleAndPkg, CharSequence relativeName,
            Element... originatingElements) throws IOException {
          List<String> origins = new ArrayList<>();
          for (Element e : originatingElements) {
            origins.add(((TypeElement) e).getQualifiedName().toString());
          }
          resources.add(relativeName + " originating " + origins);
          return filer.createResource(location, moduleAndPkg, relativeName, originatingElements);
        }

        @Override
        public FileObject getResource(
            JavaFileManager.Location location, CharSequence moduleAndPkg, CharSequence relativeName)
            throws IOException {
          return filer.getResource(location, moduleAndPkg, relativeName);
        }
      };
      processor.init(new ProcessingEnvironment() {
        @Override
        public Map<String, String> getOptions() {
          return env.getOptions();
        }

        @Override
        public Messager getMessager() {
          return env.getMessager();
        }

        @Override
        public Filer getFiler() {
          return recordingFiler;
        }

        @Override
        public Elements getElementUtils() {
          return env.getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
          return env.getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
          return env.getSourceVersion();
        }

        @Override
        public Locale getLocale() {
          return env.getLocale();
        }
      });
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return processor.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return processor.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return processor.process(annotations, round);
    }
  }
}
