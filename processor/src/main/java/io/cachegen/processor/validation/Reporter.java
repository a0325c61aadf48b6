package io.cachegen.processor.validation;

import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints diagnostics at the exact annotation value, at most once per place and text, so that a broken
 * super-interface shared by several interfaces is reported once.
 */
public final class Reporter {
  private final Messager messager;
  private final Set<String> printed = new HashSet<>();

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  /** Prints an error. */
  public void error(String text, Element element, AnnotationMirror mirror, AnnotationValue value) {
    print(Diagnostic.Kind.ERROR, text, element, mirror, value);
  }

  /** Prints a warning. */
  public void warning(String text, Element element, AnnotationMirror mirror, AnnotationValue value) {
    print(Diagnostic.Kind.WARNING, text, element, mirror, value);
  }

  /** Prints a note. */
  public void note(String text, Element element) {
    print(Diagnostic.Kind.NOTE, text, element, null, null);
  }

  private void print(
      Diagnostic.Kind kind, String text, Element element, AnnotationMirror mirror, AnnotationValue value) {
    String id = kind + "|" + text + "|" + identity(element) + "|" + mirror + "|" + value;
    if (!printed.add(id)) {
      return;
    }
    if (element == null) {
      messager.printMessage(kind, text);
    } else if (mirror == null) {
      messager.printMessage(kind, text, element);
    } else if (value == null) {
      messager.printMessage(kind, text, element, mirror);
    } else {
      messager.printMessage(kind, text, element, mirror, value);
    }
  }

  private static String identity(Element element) {
    if (element == null) {
      return "";
    }
    Element enclosing = element.getEnclosingElement();
    return (enclosing == null ? "" : enclosing.toString() + "#") + element;
  }
}
