package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeysTest {
  enum Color { RED, GREEN }

  private static String key(Object... parts) {
    StringBuilder sb = new StringBuilder("p:");
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Keys.part(parts[i]));
    }
    return sb.toString();
  }

  @Test
  void separatorsInsideTextCannotShiftParts() {
    assertThat(key("a:b", "c")).isNotEqualTo(key("a", "b:c"));
    assertThat(key("a:b", "c")).isEqualTo("p:a%3Ab:c");
  }

  @Test
  void nullRendersDifferentlyFromTheTextNullAndFromEmpty() {
    assertThat(Keys.part((String) null)).isEqualTo("%00");
    assertThat(Keys.part("null")).isEqualTo("null");
    assertThat(Keys.part("")).isEqualTo("");
    assertThat(Keys.part("%00")).isEqualTo("%2500");
  }

  @Test
  void textWithoutSeparatorsIsReturnedAsIs() {
    String s = "plain-text_42";
    assertThat(Keys.part(s)).isSameAs(s);
  }

  @Test
  void timesWithColonsCannotCollide() {
    assertThat(key(LocalTime.of(10, 15), LocalTime.of(10, 15, 30)))
        .isNotEqualTo(key(LocalTime.of(10, 15, 10), LocalTime.of(15, 30)));
  }

  @Test
  void enumsRenderByNameAndUuidsByText() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(Keys.part(Color.RED)).isEqualTo("RED");
    assertThat(Keys.part((Object) Color.GREEN)).isEqualTo("GREEN");
    assertThat(Keys.part(id)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
  }

  @Test
  void collectionsKeepElementBoundaries() {
    assertThat(Keys.part(List.of("a,b", "c"))).isNotEqualTo(Keys.part(List.of("a", "b,c")));
    assertThat(Keys.part(List.of("a]", "b"))).isEqualTo("[a%5D,b]");
    assertThat(Keys.part(Arrays.asList("x", null))).isEqualTo("[x,%00]");
    assertThat(Keys.part(List.of())).isEqualTo("[]");
    assertThat(Keys.part(List.of(""))).isNotEqualTo(Keys.part(List.of()));
  }

  @Test
  void equalHashSetsGiveEqualKeysWhateverTheirIterationOrder() {
    Set<String> a = new LinkedHashSet<>(List.of("b", "a", "c"));
    Set<String> b = new HashSet<>(List.of("c", "a", "b"));
    assertThat(Keys.part(a)).isEqualTo(Keys.part(b)).isEqualTo("[a,b,c]");
    assertThat(Keys.part(new TreeSet<>(List.of(3, 1, 2)))).isEqualTo("[1,2,3]");
  }

  @Test
  void globCharactersAreEscapedForScanMatch() {
    assertThat(Keys.globEscape("user:*[x]?\\")).isEqualTo("user:\\*\\[x\\]\\?\\\\");
    assertThat(Keys.globEscape("movie:")).isEqualTo("movie:");
  }
}
