package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Assertions on where a diagnostic is: file, line and column of the annotation value. */
final class Diagnostics {
  private Diagnostics() {}

  static JavaFileObject source(String qualifiedName, String text) {
    return JavaFileObjects.forSourceString(qualifiedName, text);
  }

  /**
   * Asserts that the compilation failed with exactly one error, tagged {@code tag}, in {@code file}, on
   * the line containing {@code lineMarker}, at the column where {@code valueMarker} starts on that line.
   * (A written-but-broken decorator would add compile errors, so a single error also shows that nothing
   * half-valid was written; compile-testing hides the generated files of a failed compilation.)
   */
  static Diagnostic<? extends JavaFileObject> assertSingleError(
      Compilation compilation, JavaFileObject file, String tag, String lineMarker, String valueMarker) {
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.errors();
    assertThat(errors).as("errors").hasSize(1);
    Diagnostic<? extends JavaFileObject> error = errors.get(0);
    assertThat(error.getMessage(Locale.ROOT)).startsWith("[" + tag + "] ");
    assertLocated(error, file, lineMarker, valueMarker);
    return error;
  }

  /** Asserts that {@code diagnostic} points into {@code file} at {@code valueMarker} on the line of {@code lineMarker}. */
  static void assertLocated(
      Diagnostic<? extends JavaFileObject> diagnostic, JavaFileObject file, String lineMarker, String valueMarker) {
    assertThat(diagnostic.getSource()).as("file of %s", diagnostic).isNotNull();
    assertThat(diagnostic.getSource().toUri()).as("file of %s", diagnostic).isEqualTo(file.toUri());
    String[] lines = text(file).split("\n", -1);
    int line = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(lineMarker)) {
        assertThat(line).as("marker %s is on one line only", lineMarker).isEqualTo(-1);
        line = i;
      }
    }
    assertThat(line).as("line with %s", lineMarker).isNotNegative();
    assertThat(diagnostic.getLineNumber()).as("line of %s", diagnostic.getMessage(Locale.ROOT)).isEqualTo(line + 1L);
    if (valueMarker != null) {
      int column = lines[line].indexOf(valueMarker);
      assertThat(column).as("%s on line %s", valueMarker, line + 1).isNotNegative();
      assertThat(diagnostic.getColumnNumber()).as("column of %s", diagnostic.getMessage(Locale.ROOT)).isEqualTo(column + 1L);
    }
  }

  private static String text(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
