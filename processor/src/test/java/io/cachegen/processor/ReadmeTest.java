package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Using it" section says what the processor does: its excerpt of the generated decorator is
 * taken from the golden file (every line that is not {@code ...} appears there, in the same order, after
 * removing a trailing {@code // comment}), and its Maven snippet carries what Maven 3.8 needs.
 */
class ReadmeTest {

  private static String usingIt() throws IOException {
    String configured = System.getProperty("cachegen.readme");
    Path readme = configured != null && !configured.isEmpty() ? Paths.get(configured) : Paths.get("../README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int start = text.indexOf("\n## Using it\n");
    assertThat(start).as("section \"Using it\" in %s", readme).isNotNegative();
    int end = text.indexOf("\n## ", start + 1);
    return text.substring(start, end < 0 ? text.length() : end);
  }

  /** The fenced block of {@code language} that follows {@code marker} in {@code text}. */
  private static List<String> block(String text, String marker, String language) {
    int at = text.indexOf(marker);
    assertThat(at).as("\"%s\" in the README", marker).isNotNegative();
    int open = text.indexOf("```" + language + "\n", at);
    int close = text.indexOf("\n```", open + 1);
    return List.of(text.substring(open + language.length() + 4, close).split("\n", -1));
  }

  @Test
  void generatedCodeExcerpt_isTakenFromTheGoldenFile_inOrder() throws IOException {
    List<String> excerpt = block(usingIt(), "and `javac` writes, next to it, `CachedMovieService`", "java");
    String goldenDir = System.getProperty("cachegen.goldenDir", "src/test/resources/golden");
    List<String> golden = Files.readAllLines(
        Paths.get(goldenDir, "movie-service", "p", "CachedMovieService.java"), StandardCharsets.UTF_8);

    List<String> compared = new ArrayList<>();
    int from = 0;
    for (String line : excerpt) {
      String code = line.replaceFirst("\\s+// .*$", "");
      if (code.isBlank() || code.strip().equals("...")) {
        continue;
      }
      int found = -1;
      for (int i = from; i < golden.size(); i++) {
        if (golden.get(i).equals(code)) {
          found = i;
          break;
        }
      }
      assertThat(found)
          .as("README line \"%s\" is in golden/movie-service/p/CachedMovieService.java after line %d", code, from)
          .isNotNegative();
      from = found + 1;
      compared.add(code);
    }
    assertThat(compared).as("lines compared").hasSizeGreaterThan(25);
  }

  @Test
  void mavenSnippet_worksWithTheMavenOfDebianAndUbuntu() throws IOException {
    String xml = String.join("\n", block(usingIt(), "Add the annotations and the runtime", "xml"));
    String version = System.getProperty("cachegen.projectVersion");

    assertThat(xml)
        .as("Maven 3.8 defaults to maven-compiler-plugin 3.1 (Java 5, no annotationProcessorPaths)")
        .containsPattern("<artifactId>maven-compiler-plugin</artifactId>\\s*<version>3\\.\\d+\\.\\d+</version>")
        .contains("<release>17</release>", "<annotationProcessorPaths>", "<artifactId>cachegen-processor</artifactId>");
    assertThat(xml).contains("<cachegen.version>" + (version == null ? "" : version) + "</cachegen.version>");
  }
}
