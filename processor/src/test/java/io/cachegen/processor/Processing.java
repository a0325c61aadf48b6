package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.cachegen.runtime.TieredCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** Compiles sources with the processor and loads what it generated. */
final class Processing {
  private Processing() {}

  /** Compiles {@code sources} with {@link CachedProcessor} on the test class path. */
  static Compilation compile(JavaFileObject... sources) {
    return Compiler.javac().withProcessors(new CachedProcessor()).compile(sources);
  }

  /** A source file from its lines. */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  /** Compiles {@code sources}, asserting that they compile without warnings from the processor. */
  static Compilation compileCleanly(JavaFileObject... sources) {
    Compilation compilation = compile(sources);
    assertThat(compilation.status())
        .as("compilation of %s: %s", sources[0].getName(), compilation.diagnostics())
        .isEqualTo(Compilation.Status.SUCCESS);
    assertThat(compilation.diagnostics())
        .filteredOn(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
        .filteredOn(d -> d.getMessage(null).contains("CACHEGEN"))
        .isEmpty();
    return compilation;
  }

  /** A class loader over the class files of a compilation, its parent the test class path. */
  static ClassLoader classLoader(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String marker = "/" + StandardLocation.CLASS_OUTPUT.name() + "/";
      int at = path.indexOf(marker);
      if (at < 0) {
        continue;
      }
      String name = path.substring(at + marker.length(), path.length() - ".class".length()).replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ClassLoader(Processing.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  /**
   * The generated decorator {@code decoratorName} for the compiled interface {@code serviceName}, around
   * {@code target}: the delegate is a proxy of the compiled interface that forwards to {@code target}
   * ({@code null} for a {@code null} target).
   */
  static <T> T decorate(
      ClassLoader loader, String serviceName, String decoratorName, Class<T> api, T target, TieredCache cache) {
    try {
      Class<?> service = loader.loadClass(serviceName);
      InvocationHandler forward = (proxy, method, args) -> {
        try {
          return method.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      };
      Object delegate = target == null ? null : Proxy.newProxyInstance(loader, new Class<?>[] {service}, forward);
      Object decorator = loader.loadClass(decoratorName)
          .getConstructor(service, TieredCache.class)
          .newInstance(delegate, cache);
      return api.cast(decorator);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate " + decoratorName, e);
    }
  }
}
