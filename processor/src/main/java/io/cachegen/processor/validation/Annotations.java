package io.cachegen.processor.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Reads {@code @Cached} and {@code @Invalidates} through annotation mirrors, never through reflection. */
public final class Annotations {
  /** The qualified name of {@code @Cached}. */
  public static final String CACHED = "io.cachegen.Cached";
  /** The qualified name of {@code @Invalidates}. */
  public static final String INVALIDATES = "io.cachegen.Invalidates";
  /** The qualified name of the container of repeated {@code @Invalidates}. */
  public static final String INVALIDATES_LIST = "io.cachegen.Invalidates.List";

  private Annotations() {}

  /**
   * One annotation on an element, with its values (defaults included) by element name; {@code repetition}
   * is its index among repeated annotations of its type inside their container, or -1 if written alone.
   */
  public record Found(AnnotationMirror mirror, Map<String, AnnotationValue> values, int repetition) {
    /** A string member. */
    public String string(String name) {
      return (String) values.get(name).getValue();
    }

    /** A boolean member. */
    public boolean bool(String name) {
      return (Boolean) values.get(name).getValue();
    }

    /** The value of a member, for locating a diagnostic. */
    public AnnotationValue value(String name) {
      return values.get(name);
    }
  }

  /** The {@code @Cached} annotation on {@code element}, or {@code null}. */
  public static Found cached(Element element, Elements elements) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (is(mirror, CACHED)) {
        return found(mirror, elements, -1);
      }
    }
    return null;
  }

  /** Every {@code @Invalidates} on {@code element}, in source order, whether repeated or not. */
  public static List<Found> invalidates(Element element, Elements elements) {
    List<Found> result = new ArrayList<>();
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (is(mirror, INVALIDATES)) {
        result.add(found(mirror, elements, -1));
      } else if (is(mirror, INVALIDATES_LIST)) {
        for (AnnotationValue v : mirror.getElementValues().entrySet().stream()
            .filter(e -> e.getKey().getSimpleName().contentEquals("value"))
            .map(Map.Entry::getValue)
            .findFirst()
            .map(Annotations::list)
            .orElse(List.of())) {
          result.add(found((AnnotationMirror) v.getValue(), elements, result.size()));
        }
      }
    }
    return result;
  }

  /** Whether {@code element} carries any cachegen annotation. */
  public static boolean hasAny(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (is(mirror, CACHED) || is(mirror, INVALIDATES) || is(mirror, INVALIDATES_LIST)) {
        return true;
      }
    }
    return false;
  }

  /** The first cachegen annotation on {@code element}, for locating a diagnostic. */
  public static AnnotationMirror first(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (is(mirror, CACHED) || is(mirror, INVALIDATES) || is(mirror, INVALIDATES_LIST)) {
        return mirror;
      }
    }
    return null;
  }

  /** The simple name of a cachegen annotation mirror, {@code Cached} or {@code Invalidates}. */
  public static String simpleName(AnnotationMirror mirror) {
    return is(mirror, CACHED) ? "Cached" : "Invalidates";
  }

  @SuppressWarnings("unchecked")
  private static List<? extends AnnotationValue> list(AnnotationValue value) {
    return (List<? extends AnnotationValue>) value.getValue();
  }

  private static boolean is(AnnotationMirror mirror, String name) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(name);
  }

  private static Found found(AnnotationMirror mirror, Elements elements, int repetition) {
    Map<String, AnnotationValue> values = new java.util.LinkedHashMap<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      values.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
    return new Found(mirror, values, repetition);
  }
}
