package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import io.cachegen.processor.fixtures.Address;
import io.cachegen.processor.fixtures.Customer;
import io.cachegen.processor.fixtures.Genre;
import io.cachegen.runtime.internal.KeyParts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls the generated key builders and checks the keys they render. */
class KeyRenderingTest {
  private static Class<?> keys;

  @BeforeAll
  static void compile() throws ClassNotFoundException {
    Compilation compilation = Processing.compileCleanly(Diagnostics.source("p.Shop", """
        package p;

        import io.cachegen.Cached;
        import io.cachegen.Invalidates;
        import io.cachegen.processor.fixtures.Customer;
        import io.cachegen.processor.fixtures.Genre;
        import java.math.BigDecimal;
        import java.time.LocalDate;
        import java.util.List;
        import java.util.Set;
        import java.util.UUID;

        public interface Shop {
          @Cached(prefix = "customer:", ttl = "5m", key = "{customer.address.city}:{customer.address.zip}")
          String byCity(Customer customer);

          @Cached(prefix = "grade:", ttl = "5m")
          String grade(char grade, boolean premium, double ratio);

          @Cached(prefix = "genres:", ttl = "5m")
          String genres(Set<Genre> genres, List<String> tags);

          @Cached(prefix = "id:", ttl = "5m")
          String byId(UUID id, LocalDate day, BigDecimal amount, Long boxed);

          @Cached(prefix = "all", ttl = "5m")
          String all();

          @Cached(prefix = "tpl:", ttl = "5m", key = "v1/{id}")
          String templated(long id);

          @Invalidates(prefix = "customer:", key = "{customer.address.city}", allEntries = true)
          void moved(Customer customer);
        }
        """));
    keys = Processing.classLoader(compilation).loadClass("p.ShopCacheKeys");
  }

  private static String key(String builder, Object... args) {
    for (Method m : keys.getMethods()) {
      if (m.getName().equals(builder) && m.getParameterCount() == args.length) {
        try {
          return (String) m.invoke(null, args);
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        } catch (InvocationTargetException e) {
          throw new AssertionError("key builder " + builder + Arrays.toString(args) + " threw", e.getCause());
        }
      }
    }
    throw new AssertionError("no key builder " + builder);
  }

  @Test
  void propertyPath_readsAccessorsGettersAndFields() {
    Customer customer = new Customer(UUID.randomUUID(), new Address("Köln", 50667), true);

    assertThat(key("byCity", customer)).isEqualTo("customer:Köln:50667");
  }

  @Test
  void nullAnywhereOnAPropertyPath_rendersNull_neverThrows() {
    assertThat(key("byCity", (Object) null)).isEqualTo("customer:" + KeyParts.NULL + ":" + KeyParts.NULL);
    assertThat(key("byCity", new Customer(null, null, false))).isEqualTo("customer:" + KeyParts.NULL + ":" + KeyParts.NULL);
    assertThat(key("byCity", new Customer(null, new Address(null, 1), false))).isEqualTo("customer:" + KeyParts.NULL + ":1");
  }

  @Test
  void separatorsInTextParts_areEscaped_soKeysAreInjective() {
    Customer a = new Customer(null, new Address("a:b", 1), false);

    assertThat(key("byCity", a)).isEqualTo("customer:a%3Ab:1");
    assertThat(key("grade", ':', true, 0.5)).isEqualTo("grade:%3A:true:0.5");
  }

  @Test
  void collections_renderTheirElements_andHashSetsInSortedOrder() {
    Set<Genre> genres = new HashSet<>(List.of(Genre.DRAMA, Genre.COMEDY));

    assertThat(key("genres", genres, List.of("x", "y,z"))).isEqualTo("genres:[COMEDY,DRAMA]:[x,y%2Cz]");
  }

  @Test
  void uuidDatesNumbersAndBoxes_renderThroughKeyParts() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    assertThat(key("byId", id, LocalDate.of(2026, 1, 2), new BigDecimal("1.50"), null))
        .isEqualTo("id:123e4567-e89b-12d3-a456-426614174000:2026-01-02:1.50:" + KeyParts.NULL);
  }

  @Test
  void methodWithoutParameters_isCachedUnderThePrefixAlone() {
    assertThat(key("all")).isEqualTo("all");
  }

  @Test
  void literalTextInATemplate_isCopiedIntoTheKey() {
    assertThat(key("templated", 7L)).isEqualTo("tpl:v1/7");
  }

  @Test
  void invalidationKeyBuilder_rendersThePrefixAndTheTemplate() {
    assertThat(key("movedInvalidation1", new Customer(null, new Address("Bonn", 53111), false)))
        .isEqualTo("customer:Bonn");
  }
}
