package io.cachegen.runtime.internal;

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

class KeyPartsTest {
  enum Color { RED, GREEN }

  private static String key(Object... parts) {
    StringBuilder sb = new StringBuilder("p:");
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(KeyParts.part(parts[i]));
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
    assertThat(KeyParts.part((String) null)).isEqualTo("%00");
    assertThat(KeyParts.part("null")).isEqualTo("null");
    assertThat(KeyParts.part("")).isEqualTo("");
    assertThat(KeyParts.part("%00")).isEqualTo("%2500");
  }

  @Test
  void textWithoutSeparatorsIsReturnedAsIs() {
    String s = "plain-text_42";
    assertThat(KeyParts.part(s)).isSameAs(s);
  }

  @Test
  void timesWithColonsCannotCollide() {
    assertThat(key(LocalTime.of(10, 15), LocalTime.of(10, 15, 30)))
        .isNotEqualTo(key(LocalTime.of(10, 15, 10), LocalTime.of(15, 30)));
  }

  @Test
  void enumsRenderByNameAndUuidsByText() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(KeyParts.part(Color.RED)).isEqualTo("RED");
    assertThat(KeyParts.part((Object) Color.GREEN)).isEqualTo("GREEN");
    assertThat(KeyParts.part(id)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
  }

  @Test
  void collectionsKeepElementBoundaries() {
    assertThat(KeyParts.part(List.of("a,b", "c"))).isNotEqualTo(KeyParts.part(List.of("a", "b,c")));
    assertThat(KeyParts.part(List.of("a]", "b"))).isEqualTo("[a%5D,b]");
    assertThat(KeyParts.part(Arrays.asList("x", null))).isEqualTo("[x,%00]");
    assertThat(KeyParts.part(List.of())).isEqualTo("[]");
    assertThat(KeyParts.part(List.of(""))).isNotEqualTo(KeyParts.part(List.of()));
  }

  @Test
  void equalHashSetsGiveEqualKeysWhateverTheirIterationOrder() {
    Set<String> a = new LinkedHashSet<>(List.of("b", "a", "c"));
    Set<String> b = new HashSet<>(List.of("c", "a", "b"));
    assertThat(KeyParts.part(a)).isEqualTo(KeyParts.part(b)).isEqualTo("[a,b,c]");
    assertThat(KeyParts.part(new TreeSet<>(List.of(3, 1, 2)))).isEqualTo("[1,2,3]");
  }

  @Test
  void loneSurrogatesAreEscapedSoThatKeysDifferAsUtf8Bytes() {
    String high = KeyParts.part("\uD800");
    String low = KeyParts.part("\uDC00");
    String question = KeyParts.part("?");
    assertThat(high).isEqualTo("%uD800");
    assertThat(low).isEqualTo("%uDC00");
    assertThat(Set.of(utf8(high), utf8(low), utf8(question))).hasSize(3);
    assertThat(KeyParts.isWellFormed(high)).isTrue();
    assertThat(KeyParts.isWellFormed("\uD800")).isFalse();
  }

  @Test
  void validSurrogatePairsAreKeptAsTheyAre() {
    String emoji = "\uD83D\uDE00";
    assertThat(KeyParts.part(emoji)).isEqualTo(emoji);
    assertThat(KeyParts.part("a:" + emoji)).isEqualTo("a%3A" + emoji);
    assertThat(KeyParts.part("\uDE00\uD83D")).isEqualTo("%uDE00%uD83D"); // reversed halves pair with nothing
  }

  @Test
  void theEscapeOfALoneSurrogateDiffersFromTheTextThatSpellsIt() {
    assertThat(KeyParts.part("%uD800")).isEqualTo("%25uD800").isNotEqualTo(KeyParts.part("\uD800"));
    assertThat(KeyParts.part('\uD800')).isEqualTo("%uD800");
    assertThat(KeyParts.part((Character) null)).isEqualTo(KeyParts.NULL);
  }

  private static String utf8(String s) {
    return new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8);
  }
}
