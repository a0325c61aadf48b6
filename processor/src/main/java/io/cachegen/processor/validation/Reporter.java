package io.cachegen.processor.validation;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints diagnostics at the exact annotation value, at most once per place and text, so that a broken
 * super-interface shared by several interfaces is reported once.
 *
 * <p>javac cannot locate a value inside a repeated annotation through {@link Messager} (it only finds
 * annotations written as such, not those inside the implicit container), so for those this class finds
 * the value's tree itself through the compiler tree API when it is available, and otherwise falls back
 * to the method.
 */
public final class Reporter {
  private final Messager messager;
  private final Trees trees;
  private final Set<String> printed = new HashSet<>();

  public Reporter(ProcessingEnvironment env) {
    this.messager = env.getMessager();
    this.trees = trees(env);
  }

  private static Trees trees(ProcessingEnvironment env) {
    try {
      return Trees.instance(env);
    } catch (RuntimeException | LinkageError e) {
      return null; // not javac, or a wrapped environment: locate through the Messager only
    }
  }

  /** Prints an error at {@code member} of {@code found} on {@code element} (the annotation if member is null). */
  public void error(String text, Element element, Annotations.Found found, String member) {
    print(Diagnostic.Kind.ERROR, text, element, found, member);
  }

  /** Prints a warning at {@code member} of {@code found} on {@code element}. */
  public void warning(String text, Element element, Annotations.Found found, String member) {
    print(Diagnostic.Kind.WARNING, text, element, found, member);
  }

  /** Prints an error at an annotation mirror (or the element, if {@code mirror} is null). */
  public void error(String text, Element element, AnnotationMirror mirror) {
    printAt(Diagnostic.Kind.ERROR, text, element, mirror, null);
  }

  /** Prints a warning at the element. */
  public void warning(String text, Element element) {
    printAt(Diagnostic.Kind.WARNING, text, element, null, null);
  }

  /** Prints a note at the element. */
  public void note(String text, Element element) {
    printAt(Diagnostic.Kind.NOTE, text, element, null, null);
  }

  private void print(Diagnostic.Kind kind, String text, Element element, Annotations.Found found, String member) {
    if (found == null) {
      printAt(kind, text, element, null, null);
      return;
    }
    if (found.repetition() >= 0 && trees != null && once(kind, text, element, found.mirror(), found.repetition() + member)) {
      Tree tree = repeatedTree(element, found, member);
      TreePath path = trees.getPath(element);
      if (tree != null && path != null) {
        trees.printMessage(kind, text, tree, path.getCompilationUnit());
        return;
      }
    }
    printAt(kind, text, element, found.mirror(), member == null ? null : found.value(member));
  }

  /** The tree of {@code member} (or the annotation) of the n-th repeated annotation, or null. */
  private Tree repeatedTree(Element element, Annotations.Found found, String member) {
    try {
      Tree declaration = trees.getTree(element);
      if (!(declaration instanceof MethodTree method)) {
        return null;
      }
      String name = found.mirror().getAnnotationType().asElement().getSimpleName().toString();
      int index = 0;
      for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
        String type = annotation.getAnnotationType().toString();
        if (!type.equals(name) && !type.endsWith("." + name)) {
          continue;
        }
        if (index++ != found.repetition()) {
          continue;
        }
        if (member == null) {
          return annotation;
        }
        List<? extends ExpressionTree> arguments = annotation.getArguments();
        for (ExpressionTree argument : arguments) {
          if (argument instanceof AssignmentTree assignment
              && assignment.getVariable() instanceof IdentifierTree id
              && id.getName().contentEquals(member)) {
            return assignment.getExpression();
          }
        }
        return annotation;
      }
    } catch (RuntimeException e) {
      // fall back to the Messager
    }
    return null;
  }

  private boolean once(Diagnostic.Kind kind, String text, Element element, AnnotationMirror mirror, Object value) {
    return printed.add(kind + "|" + text + "|" + identity(element) + "|" + mirror + "|" + value);
  }

  private void printAt(
      Diagnostic.Kind kind, String text, Element element, AnnotationMirror mirror, AnnotationValue value) {
    if (!once(kind, text, element, mirror, value)) {
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
