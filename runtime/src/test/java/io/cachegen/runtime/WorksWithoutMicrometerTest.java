package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Micrometer is optional: the runtime must load and work on a class path without it. */
class WorksWithoutMicrometerTest {

  @Test
  void cacheWorksOnAClassPathWithoutMicrometer() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("micrometer")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> tiered = loader.loadClass(TieredCache.class.getName());
      Class<?> typeRef = loader.loadClass(TypeRef.class.getName());
      Object cache = tiered.getMethod("inMemory").invoke(null);
      tiered.getMethod("setJson", String.class, Object.class, Duration.class).invoke(cache, "k", "v", Duration.ofMinutes(1));
      Object stringType = typeRef.getMethod("of", Class.class).invoke(null, String.class);
      Method getJson = tiered.getMethod("getJson", String.class, typeRef);
      assertThat(getJson.invoke(cache, "k", stringType)).isEqualTo("v");
      Object stats = tiered.getMethod("stats").invoke(cache);
      assertThat(stats.getClass().getMethod("l1Hits").invoke(stats)).isEqualTo(1L);
      tiered.getMethod("close").invoke(cache);
    }
  }
}
