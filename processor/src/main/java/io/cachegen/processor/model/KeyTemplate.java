package io.cachegen.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A resolved key template: literal text and references to parameters or their properties.
 *
 * @param text the template as written, or the default template spelled out (e.g. {@code "{id}:{lang}"})
 * @param segments the segments in order; empty for a method without parameters
 */
public record KeyTemplate(String text, List<Segment> segments) {

  public KeyTemplate {
    segments = List.copyOf(segments);
  }

  /** Whether the template renders nothing, so that the key is the prefix alone. */
  public boolean isEmpty() {
    return segments.isEmpty();
  }

  /** A piece of a key template. */
  public sealed interface Segment permits Literal, Reference {}

  /** Text copied into the key as it is. */
  public record Literal(String text) implements Segment {}

  /**
   * A parameter, or a property path starting at a parameter, rendered by {@code KeyParts}.
   *
   * @param parameter the parameter name
   * @param path the property steps after the parameter; empty for the parameter itself
   * @param kind how the final value is rendered
   * @param type the type of the final value
   */
  public record Reference(String parameter, List<PropertyStep> path, PartKind kind, TypeName type)
      implements Segment {

    public Reference {
      path = List.copyOf(path);
    }

    /** The reference as written in a template, e.g. {@code movie.id}. */
    public String spelled() {
      StringBuilder sb = new StringBuilder(parameter);
      for (PropertyStep step : path) {
        sb.append('.').append(step.property());
      }
      return sb.toString();
    }
  }

  /**
   * One step of a property path.
   *
   * @param property the property name as written, e.g. {@code id}
   * @param access the Java access, e.g. {@code id()}, {@code getId()} or {@code id} (a public field)
   * @param type the type of the property's value
   * @param primitive whether that type is primitive
   */
  public record PropertyStep(String property, String access, TypeName type, boolean primitive) {}

  /** How a key part is rendered. */
  public enum PartKind {
    /** A primitive other than {@code char}: appended as it is, its text never holds a separator. */
    PRIMITIVE,
    /** A {@code char} or {@code Character}: {@code KeyParts.part(char)}, escaped like a one-letter text. */
    CHAR,
    /** {@code KeyParts.part(String)}. */
    STRING,
    /** {@code KeyParts.part(Enum)}. */
    ENUM,
    /** {@code KeyParts.part(Collection)}. */
    COLLECTION,
    /** {@code KeyParts.part(Object)}: boxes, {@code UUID}, {@code java.time}, {@code BigInteger}, {@code BigDecimal}. */
    OBJECT
  }
}
