package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.testing.compile.Compilation;
import io.cachegen.processor.fixtures.PriceList;
import io.cachegen.processor.fixtures.Product;
import io.cachegen.processor.fixtures.Repository;
import io.cachegen.runtime.TieredCache;
import io.cachegen.testing.RedisServerExtension;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cached methods a decorated interface inherits: re-declared without annotations by a sub-interface (the
 * annotations of the method it overrides apply, never a silent no-op), and from a generic base whose type
 * arguments the sub-interface fixes (values decoded as those types).
 */
class InheritanceBehaviourTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  private int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  /** A delegate of {@code service} that counts calls and answers {@code answer(method, args)}. */
  private Object counting(ClassLoader loader, String service, java.util.function.BiFunction<Method, Object[], Object> answer)
      throws ClassNotFoundException {
    return Proxy.newProxyInstance(loader, new Class<?>[] {loader.loadClass(service)}, (proxy, method, args) -> {
      calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
      return answer.apply(method, args);
    });
  }

  private static Object decorator(ClassLoader loader, String service, String decorator, Object delegate, TieredCache cache)
      throws Exception {
    return loader.loadClass(decorator)
        .getConstructor(loader.loadClass(service), TieredCache.class)
        .newInstance(delegate, cache);
  }

  @Test
  void subInterfaceThatReDeclaresAnInheritedCachedMethod_isDecorated_andCachesIt() throws Exception {
    Compilation compilation = Processing.compileCleanly(Processing.source("p.DiscountPriceList",
        "package p;",
        "",
        "import java.math.BigDecimal;",
        "",
        "public interface DiscountPriceList extends io.cachegen.processor.fixtures.PriceList {",
        "  @Override",
        "  BigDecimal listPrice(String code);",
        "",
        "  String currency();",
        "}"));
    ClassLoader loader = Processing.classLoader(compilation);
    Object delegate = counting(loader, "p.DiscountPriceList", (m, args) -> switch (m.getName()) {
      case "listPrice" -> new BigDecimal("10.00");
      case "currency" -> "EUR";
      default -> null;
    });

    try (TieredCache cache = TieredCache.inMemory()) {
      PriceList prices = (PriceList) decorator(loader, "p.DiscountPriceList", "p.CachedDiscountPriceList", delegate, cache);
      prices.listPrice("a");
      prices.listPrice("a");
      assertThat(calls("listPrice")).isEqualTo(1);
      assertThat(cache.exists("list-price:a")).isTrue();

      prices.changePrice("a", BigDecimal.ONE);
      prices.listPrice("a");
      assertThat(calls("listPrice")).isEqualTo(2);
    }
    assertThat(compilation.generatedSourceFile("p.DiscountPriceListCacheKeys").orElseThrow().getCharContent(true))
        .as("the key template names the parameters of the annotated declaration")
        .contains("public static String listPrice(String sku) {");
  }

  @Test
  void subInterfaceThatReDeclaresAnInheritedCachedMethod_inOneCompilationWithItsBase_getsItsOwnDecorator()
      throws Exception {
    Compilation compilation = Processing.compileCleanly(
        Processing.source("p.Prod", "package p;", "public record Prod(String sku) {}"),
        Processing.source("p.Base",
            "package p;",
            "",
            "import io.cachegen.Cached;",
            "",
            "public interface Base {",
            "  @Cached(prefix = \"prod:\", ttl = \"1m\")",
            "  Prod get(String sku);",
            "}"),
        Processing.source("p.Sub",
            "package p;",
            "",
            "public interface Sub extends Base {",
            "  @Override",
            "  Prod get(String sku);",
            "}"));
    ClassLoader loader = Processing.classLoader(compilation);
    Class<?> prod = loader.loadClass("p.Prod");
    Object delegate = counting(loader, "p.Sub", (m, args) -> {
      try {
        return prod.getConstructor(String.class).newInstance(args[0]);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    });

    try (TieredCache cache = TieredCache.inMemory()) {
      Object sub = decorator(loader, "p.Sub", "p.CachedSub", delegate, cache);
      Method get = loader.loadClass("p.Sub").getMethod("get", String.class);
      assertThat(get.invoke(sub, "x").toString()).isEqualTo("Prod[sku=x]");
      get.invoke(sub, "x");
      assertThat(calls("get")).isEqualTo(1);
    }
    assertThat(compilation.generatedSourceFile("p.CachedBase")).isPresent();
  }

  @Test
  void interfaceFixingTheTypeArgumentsOfAGenericBase_cachesValuesOfThoseTypes_decodedAsSuchByAnotherInstance()
      throws Exception {
    Compilation compilation = Processing.compileCleanly(Processing.source("p.ProductRepository",
        "package p;",
        "",
        "import io.cachegen.processor.fixtures.Product;",
        "",
        "public interface ProductRepository extends io.cachegen.processor.fixtures.Repository<Product, String> {}"));
    ClassLoader loader = Processing.classLoader(compilation);
    Object delegate = counting(loader, "p.ProductRepository", (m, args) ->
        m.getName().equals("findById") ? new Product((String) args[0], "product " + args[0]) : null);

    List<TieredCache> caches = new ArrayList<>();
    try {
      caches.add(TieredCache.builder().redisUri(redis.uri()).build());
      caches.add(TieredCache.builder().redisUri(redis.uri()).build());
      @SuppressWarnings("unchecked")
      Repository<Product, String> a = (Repository<Product, String>)
          decorator(loader, "p.ProductRepository", "p.CachedProductRepository", delegate, caches.get(0));
      @SuppressWarnings("unchecked")
      Repository<Product, String> b = (Repository<Product, String>)
          decorator(loader, "p.ProductRepository", "p.CachedProductRepository", delegate, caches.get(1));

      assertThat(a.findById("p1")).isEqualTo(new Product("p1", "product p1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> redis.command("EXISTS", "repo:p1"), n -> Long.valueOf(1).equals(n));
      Object read = b.findById("p1");

      assertThat(read).isInstanceOf(Product.class).isEqualTo(new Product("p1", "product p1"));
      assertThat(calls("findById")).isEqualTo(1);

      b.evict("p1");
      assertThat(redis.command("EXISTS", "repo:p1")).isEqualTo(0L);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        a.findById("p1");
        assertThat(calls("findById")).isEqualTo(2);
      });
    } finally {
      caches.forEach(TieredCache::close);
    }
  }
}
