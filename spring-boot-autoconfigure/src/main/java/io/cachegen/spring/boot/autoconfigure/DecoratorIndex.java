package io.cachegen.spring.boot.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The index of generated decorators on the class path: cachegen's processor writes one resource
 * {@code META-INF/cachegen/decorators/<interface binary name>} per decorator, holding the decorator's
 * binary name on one line.
 */
final class DecoratorIndex {
  /** Every entry, in every jar and folder of the class path. */
  static final String LOCATION = "classpath*:META-INF/cachegen/decorators/*";

  private static final Log log = LogFactory.getLog(DecoratorIndex.class);

  /** One decorator: the binary names of the interface and of its decorator. */
  record Entry(String serviceName, String decoratorName) {}

  private DecoratorIndex() {}

  /** The entries visible to {@code classLoader}, one per interface, sorted by interface name. */
  static List<Entry> read(ClassLoader classLoader) {
    TreeMap<String, Entry> entries = new TreeMap<>();
    try {
      for (Resource resource : new PathMatchingResourcePatternResolver(classLoader).getResources(LOCATION)) {
        String serviceName = resource.getFilename();
        if (serviceName == null || serviceName.isEmpty() || !resource.isReadable()) {
          continue;
        }
        String decoratorName = firstLine(resource);
        if (decoratorName == null) {
          log.warn("cachegen: ignoring the empty decorator index entry " + resource);
          continue;
        }
        Entry entry = new Entry(serviceName, decoratorName);
        Entry previous = entries.putIfAbsent(serviceName, entry);
        if (previous != null && !previous.equals(entry)) {
          log.warn("cachegen: two decorators of " + serviceName + " on the class path (" + previous.decoratorName()
              + " and " + decoratorName + "); using " + previous.decoratorName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cachegen decorator index " + LOCATION, e);
    }
    return new ArrayList<>(entries.values());
  }

  private static String firstLine(Resource resource) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          return line.trim();
        }
      }
      return null;
    }
  }
}
