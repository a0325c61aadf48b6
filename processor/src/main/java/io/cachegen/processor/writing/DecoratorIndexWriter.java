package io.cachegen.processor.writing;

import io.cachegen.processor.model.ServiceModel;
import java.io.IOException;
import java.io.Writer;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes the index entry of one decorator: the class-output resource
 * {@code META-INF/cachegen/decorators/<interface binary name>} whose one line is the decorator's binary
 * name, e.g. {@code META-INF/cachegen/decorators/p.Outer$Foo} containing {@code p.CachedOuter_Foo}.
 *
 * <p>One resource per interface, with the interface as its only originating element, keeps the processor
 * isolating for incremental builds; a container (the Spring Boot auto-configuration) finds every
 * decorator of the class path with {@code classpath*:META-INF/cachegen/decorators/*}.
 */
public final class DecoratorIndexWriter {
  /** The folder of the index, relative to the class output. */
  public static final String DIRECTORY = "META-INF/cachegen/decorators/";

  /** The resource path of {@code model}'s entry: {@value #DIRECTORY} and the interface's binary name. */
  public String path(ServiceModel model) {
    return DIRECTORY + model.interfaceName().reflectionName();
  }

  /** The entry's content: the decorator's binary name and a line feed. */
  public String content(ServiceModel model) {
    return model.decoratorName().reflectionName() + "\n";
  }

  /** Writes {@code model}'s entry through {@code filer}. */
  public void write(ServiceModel model, Filer filer) throws IOException {
    FileObject resource = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path(model), model.element());
    try (Writer writer = resource.openWriter()) {
      writer.write(content(model));
    }
  }
}
