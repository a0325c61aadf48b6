package io.cachegen.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachegen.runtime.Loader;
import io.cachegen.runtime.TieredCache;
import io.cachegen.runtime.TypeRef;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Where an L1 hit of the generated decorator spends its time, one ingredient at a time, from the
 * hand-written floor to the generated class (L1-only cache, 1,024 keys, no Redis):
 * {@code Long} key → {@code String} key built per call → prebuilt {@code String} key → Caffeine bounded by
 * size only, no expiry (the structure cachegen's L1 uses: entries carry their own deadline) →
 * {@code TieredCache.cacheAside} with a prebuilt key and a constant loader → the same with the key built
 * per call and a capturing lambda (hand-written code) → the generated {@code CachedItemService}, which
 * peeks before it builds a loader.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class L1HitBreakdownBenchmark {
  static final int KEYS = 1024;
  static final Duration TTL = Duration.ofMinutes(10);
  static final TypeRef<Item> ITEM = TypeRef.of(Item.class);

  private final Origin origin = Origin.fast();
  private final Loader<Item, RuntimeException> constantLoader = () -> origin.item(0);
  private Cache<Long, Item> longKeys;
  private Cache<String, Item> stringKeys;
  private Cache<String, Item> sizeOnly;
  private TieredCache tiered;
  private ItemService generated;
  private final String[] keys = new String[KEYS];

  @Setup(Level.Trial)
  public void setUp() {
    longKeys = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();
    stringKeys = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();
    sizeOnly = Caffeine.newBuilder().maximumSize(10_000).build();
    tiered = TieredCache.builder().l1MaximumSize(10_000).build();
    generated = new CachedItemService(origin, tiered);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = ItemServiceCacheKeys.item(i);
      Item item = generated.item(i);
      longKeys.put((long) i, item);
      stringKeys.put(keys[i], item);
      sizeOnly.put(keys[i], item);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tiered.close();
  }

  /** Each thread walks the keys on its own. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int next() {
      return next++ & (KEYS - 1);
    }
  }

  @Benchmark
  public Item a_caffeineLongKey(Cursor c) {
    long id = c.next();
    return longKeys.get(id, origin::item);
  }

  @Benchmark
  public Item b_caffeineStringKeyBuiltPerCall(Cursor c) {
    long id = c.next();
    return stringKeys.get(ItemServiceCacheKeys.item(id), k -> origin.item(id));
  }

  @Benchmark
  public Item c_caffeineStringKeyPrebuilt(Cursor c) {
    return stringKeys.getIfPresent(keys[c.next()]);
  }

  @Benchmark
  public Item d_caffeineSizeOnlyPrebuilt(Cursor c) {
    return sizeOnly.getIfPresent(keys[c.next()]);
  }

  @Benchmark
  public Item e_tieredPrebuiltKeyConstantLoader(Cursor c) {
    return tiered.cacheAside(keys[c.next()], TTL, ITEM, constantLoader);
  }

  @Benchmark
  public Item f_tieredKeyPerCallCapturingLoader(Cursor c) {
    long id = c.next();
    return tiered.cacheAside(ItemServiceCacheKeys.item(id), TTL, ITEM, () -> origin.item(id));
  }

  @Benchmark
  public Item g_generatedDecorator(Cursor c) {
    return generated.item(c.next());
  }
}
