package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import io.cachegen.processor.fixtures.FakeInventory;
import io.cachegen.processor.fixtures.InventoryApi;
import io.cachegen.runtime.TieredCache;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compiles {@code interface Inventory extends InventoryApi {}} with the processor and runs the generated
 * {@code CachedInventory} against the cache a subclass provides (in memory, or with a real Redis), asserting
 * what a caller sees: one shape or one kind of invalidation per test.
 */
abstract class InventoryBehaviour {
  static final ClassLoader GENERATED = compile();

  TieredCache cache;
  FakeInventory fake;
  InventoryApi inventory;

  /** The cache of one test; closed after it. */
  abstract TieredCache newCache();

  private static ClassLoader compile() {
    Compilation compilation = Processing.compileCleanly(Processing.source(
        "p.Inventory",
        "package p;",
        "",
        "public interface Inventory extends io.cachegen.processor.fixtures.InventoryApi {}"));
    return Processing.classLoader(compilation);
  }

  static InventoryApi decorate(InventoryApi target, TieredCache cache) {
    return Processing.decorate(GENERATED, "p.Inventory", "p.CachedInventory", InventoryApi.class, target, cache);
  }

  @BeforeEach
  void start() {
    cache = newCache();
    fake = new FakeInventory();
    inventory = decorate(fake, cache);
  }

  @AfterEach
  void close() {
    cache.close();
  }

  static String key(String builder, Object... args) throws Exception {
    for (var m : GENERATED.loadClass("p.InventoryCacheKeys").getMethods()) {
      if (m.getName().equals(builder) && m.getParameterCount() == args.length) {
        return (String) m.invoke(null, args);
      }
    }
    throw new AssertionError("no key builder " + builder);
  }

  @Test
  void primitiveResult_isCachedAsItsBox_perArgumentList() {
    fake.restock("a", "w1", 3);

    assertThat(inventory.stock("a", "w1")).isEqualTo(3);
    assertThat(inventory.stock("a", "w1")).isEqualTo(3);
    assertThat(inventory.stock("a", "w2")).isZero();
    assertThat(fake.calls("stock")).isEqualTo(2);
  }

  @Test
  void charAndCharacterKeyParts_renderLikeOneLetterText() throws Exception {
    assertThat(key("byGrade", ':', null)).isEqualTo("grade:%3A:%00");
    assertThat(key("byGrade", 'a', 'b')).isEqualTo("grade:a:b");

    assertThat(inventory.byGrade(':', null)).isEqualTo(":/null");
    assertThat(inventory.byGrade(':', null)).isEqualTo(":/null");
    assertThat(inventory.byGrade(':', ':')).isEqualTo(":/:");
    assertThat(fake.calls("byGrade")).isEqualTo(2);
  }

  @Test
  void emptyOptional_isCachedWithCacheNulls_untilItsKeyIsInvalidated() throws Exception {
    assertThat(inventory.price("x")).isEmpty();
    fake.setPrice("x", new BigDecimal("9.50"));
    assertThat(inventory.price("x")).isEmpty();
    assertThat(fake.calls("price")).isEqualTo(1);

    inventory.reprice("x").get(5, TimeUnit.SECONDS);

    assertThat(inventory.price("x")).contains(new BigDecimal("9.50"));
    assertThat(inventory.price("x")).contains(new BigDecimal("9.50"));
    assertThat(fake.calls("price")).isEqualTo(2);
  }

  @Test
  void futureResult_isCached() throws Exception {
    assertThat(inventory.label("a").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("label of a");
    assertThat(inventory.label("a").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("label of a");

    assertThat(fake.calls("label")).isEqualTo(1);
  }

  @Test
  void checkedExceptionOfAFutureReturningCall_failsTheFuture_andNothingIsCached() throws Exception {
    assertThatThrownBy(() -> inventory.label("broken").toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> inventory.label("broken").toCompletableFuture().join())
        .hasCauseInstanceOf(IOException.class);

    assertThat(fake.calls("label")).isEqualTo(2);
  }

  @Test
  void parametersNamedKeyAndCached_areArgumentsLikeAnyOther() throws Exception {
    assertThat(inventory.legacy("k", "c")).isEqualTo("k/c");
    assertThat(inventory.legacy("k", "c")).isEqualTo("k/c");
    assertThat(inventory.legacy("c", "k")).isEqualTo("c/k");

    assertThat(fake.calls("legacy")).isEqualTo(2);
  }

  @Test
  void severalDeclaredCheckedExceptions_eachPassesThroughUnchanged_andNothingIsCached() throws Exception {
    SQLException sql = new SQLException("deadlock");
    fake.legacyFailure = sql;
    assertThatThrownBy(() -> inventory.legacy("k", "c")).isSameAs(sql);
    IOException io = new IOException("timeout");
    fake.legacyFailure = io;
    assertThatThrownBy(() -> inventory.legacy("k", "c")).isSameAs(io);
    fake.legacyFailure = null;

    assertThat(inventory.legacy("k", "c")).isEqualTo("k/c");
    assertThat(inventory.legacy("k", "c")).isEqualTo("k/c");
    assertThat(fake.calls("legacy")).isEqualTo(3);
  }

  @Test
  void cachedDefaultMethod_isCachedLikeAnyOther() {
    assertThat(inventory.banner("en")).isEqualTo("Inventory (en)");
    assertThat(inventory.banner("en")).isEqualTo("Inventory (en)");

    assertThat(fake.calls("banner")).isEqualTo(1);
  }

  @Test
  void keyInvalidation_removesThatEntryOnly() {
    inventory.stock("a", "w1");
    inventory.stock("a", "w2");

    inventory.restock("a", "w1", 5);

    assertThat(inventory.stock("a", "w1")).isEqualTo(5);
    assertThat(inventory.stock("a", "w2")).isZero();
    assertThat(fake.calls("stock")).isEqualTo(3);
  }

  @Test
  void groupWithAKey_removesTheKeyAndEveryKeyContinuingItAfterAColon_butNotAKeyThatOnlyStartsAlike() {
    fake.restock("a", "w1", 1);
    fake.restock("ab", "w1", 2);
    inventory.stock("a", "w1");
    inventory.stock("a", "w2");
    inventory.stock("ab", "w1");

    inventory.discontinue("a");

    assertThat(inventory.stock("a", "w1")).isZero();
    inventory.stock("a", "w2");
    assertThat(fake.calls("stock")).as("stock:a:* reloads").isEqualTo(5);
    assertThat(inventory.stock("ab", "w1")).isEqualTo(2);
    assertThat(fake.calls("stock")).as("stock:ab:w1 is another group").isEqualTo(5);
  }

  @Test
  void groupEndingWithAColon_removesEveryEntryOfThePrefix() {
    inventory.byGrade('a', null);
    inventory.byGrade('b', 'c');

    inventory.regrade();

    inventory.byGrade('a', null);
    inventory.byGrade('b', 'c');
    assertThat(fake.calls("byGrade")).isEqualTo(4);
  }

  @Test
  void groupThatIsACachedMethodsWholePrefixWithoutAColon_removesItsEntries() {
    inventory.totalStock();
    inventory.totalStock();
    assertThat(fake.calls("totalStock")).isEqualTo(1);

    inventory.recount();

    inventory.totalStock();
    assertThat(fake.calls("totalStock")).isEqualTo(2);
  }

  @Test
  void batchedInvalidationOfAFuture_removesEveryNamedKeyAndGroup_whenItCompletes() throws Exception {
    inventory.price("x");
    inventory.totalStock();
    inventory.stock("x", "w1");
    inventory.stock("x", "w2");
    inventory.stock("y", "w1");

    inventory.reprice("x").get(5, TimeUnit.SECONDS);

    inventory.price("x");
    inventory.totalStock();
    inventory.stock("x", "w1");
    inventory.stock("x", "w2");
    inventory.stock("y", "w1");
    assertThat(fake.calls("price")).isEqualTo(2);
    assertThat(fake.calls("totalStock")).isEqualTo(2);
    assertThat(fake.calls("stock")).as("stock:x:* reloads, stock:y:w1 does not").isEqualTo(5);
  }

  @Test
  void withoutACache_everyCallReachesTheDelegate_andInvalidationsOnlyCallIt() throws Exception {
    InventoryApi uncached = decorate(fake, null);

    uncached.stock("a", "w1");
    uncached.stock("a", "w1");
    assertThat(uncached.price("x")).isEmpty();
    assertThat(uncached.label("a").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("label of a");
    uncached.reprice("x").get(5, TimeUnit.SECONDS);
    uncached.discontinue("a");

    assertThat(fake.calls("stock")).isEqualTo(2);
    assertThat(fake.calls("reprice")).isEqualTo(1);
    assertThat(fake.calls("discontinue")).isEqualTo(1);
  }
}
