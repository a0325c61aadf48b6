package io.cachegen.benchmarks;

import com.alicp.jetcache.Cache;
import com.alicp.jetcache.MultiLevelCacheBuilder;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder;
import com.alicp.jetcache.support.Fastjson2KeyConvertor;
import com.alicp.jetcache.support.JavaValueDecoder;
import com.alicp.jetcache.support.JavaValueEncoder;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachegen.runtime.TieredCache;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every contender, built the way its users would build it, behind the same {@link ItemService}.
 *
 * <p>L1 contenders: {@code caffeine} (the floor: hand-written {@code cache.get(id, loader)}),
 * {@code cachegen} (the generated {@code CachedItemService}, written by cachegen-processor at compile time, over a two-tier {@link TieredCache}),
 * {@code cachegen-l1} (the same over an L1-only cache), {@code spring-caffeine} ({@code @Cacheable} +
 * {@code CaffeineCacheManager}), {@code jetcache-both} (JetCache {@code MultiLevelCache}: Caffeine + Redis).
 * L2 contenders: {@code lettuce-jackson} (the floor: Lettuce {@code GET} + Jackson decode),
 * {@code cachegen-l2} (the generated {@code CachedRemoteItemService}, {@code @Cached(l1 = false)}),
 * {@code spring-redis} ({@code @Cacheable} + {@code RedisCacheManager}), {@code jetcache-remote}
 * (JetCache {@code RedisLettuceCache}).
 */
public final class Contenders {
  public static final String CAFFEINE = "caffeine";
  public static final String CACHEGEN = "cachegen";
  public static final String CACHEGEN_L1 = "cachegen-l1";
  public static final String SPRING_CAFFEINE = "spring-caffeine";
  public static final String SPRING_CAFFEINE_SYNC = "spring-caffeine-sync";
  public static final String JETCACHE_BOTH = "jetcache-both";
  public static final String JETCACHE_BOTH_PROTECT = "jetcache-both-protect";
  public static final String JETCACHE_LOCAL = "jetcache-local";
  public static final String LETTUCE_JACKSON = "lettuce-jackson";
  public static final String CACHEGEN_L2 = "cachegen-l2";
  public static final String SPRING_REDIS = "spring-redis";
  public static final String SPRING_REDIS_SYNC = "spring-redis-sync";
  public static final String JETCACHE_REMOTE = "jetcache-remote";

  public static final List<String> L1 = List.of(CAFFEINE, CACHEGEN, SPRING_CAFFEINE, JETCACHE_BOTH);
  public static final List<String> L2 = List.of(LETTUCE_JACKSON, CACHEGEN_L2, SPRING_REDIS, JETCACHE_REMOTE);

  private static final Duration TTL = Duration.ofMinutes(10);

  private Contenders() {}

  /** A contender ready to call, and what must be closed after it. */
  public static final class Handle implements AutoCloseable {
    public final String name;
    public final ItemService service;
    private final List<AutoCloseable> resources;

    Handle(String name, ItemService service, List<AutoCloseable> resources) {
      this.name = name;
      this.service = service;
      this.resources = resources;
    }

    @Override
    public void close() {
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          System.err.println("closing " + name + ": " + e);
        }
      }
    }
  }

  /**
   * Builds contender {@code name} over {@code origin}.
   *
   * @param redisUri where Redis is ({@code redis://127.0.0.1:port}); needed by two-tier and L2 contenders
   * @param l1MaximumSize the bound on in-process entries
   */
  public static Handle open(String name, Origin origin, String redisUri, long l1MaximumSize) {
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      return new Handle(name, build(name, origin, redisUri, l1MaximumSize, resources), resources);
    } catch (RuntimeException e) {
      new Handle(name, null, resources).close();
      throw e;
    }
  }

  private static ItemService build(String name, Origin origin, String redisUri, long l1MaximumSize, List<AutoCloseable> resources) {
    return switch (name) {
          case CAFFEINE -> {
            com.github.benmanes.caffeine.cache.Cache<Long, Item> cache =
                Caffeine.newBuilder().maximumSize(l1MaximumSize).expireAfterWrite(TTL).build();
            yield id -> cache.get(id, origin::item);
          }
          case CACHEGEN -> {
            TieredCache cache = TieredCache.builder().redisUri(redisUri).l1MaximumSize(l1MaximumSize).build();
            resources.add(cache);
            yield new CachedItemService(origin, cache);
          }
          case CACHEGEN_L1 -> {
            TieredCache cache = TieredCache.builder().l1MaximumSize(l1MaximumSize).build();
            resources.add(cache);
            yield new CachedItemService(origin, cache);
          }
          case CACHEGEN_L2 -> {
            TieredCache cache = TieredCache.builder().redisUri(redisUri).l1MaximumSize(l1MaximumSize).build();
            resources.add(cache);
            RemoteItemService remote = new CachedRemoteItemService(origin, cache);
            yield remote::item;
          }
          case SPRING_CAFFEINE, SPRING_CAFFEINE_SYNC -> {
            AnnotationConfigApplicationContext ctx =
                SpringConfigs.context(
                    SpringConfigs.CaffeineConfig.class, origin, name.equals(SPRING_CAFFEINE_SYNC), redisUri, l1MaximumSize);
            resources.add(ctx);
            yield ctx.getBean("itemService", ItemService.class);
          }
          case SPRING_REDIS, SPRING_REDIS_SYNC -> {
            AnnotationConfigApplicationContext ctx =
                SpringConfigs.context(
                    SpringConfigs.RedisConfig.class, origin, name.equals(SPRING_REDIS_SYNC), redisUri, l1MaximumSize);
            resources.add(ctx);
            yield ctx.getBean("itemService", ItemService.class);
          }
          case JETCACHE_BOTH, JETCACHE_BOTH_PROTECT -> {
            RedisClient client = RedisClient.create(redisUri);
            resources.add(client::shutdown);
            Cache<Long, Item> local = jetLocal(l1MaximumSize);
            Cache<Long, Item> remote = jetRemote(client, "jc:");
            Cache<Long, Item> both =
                MultiLevelCacheBuilder.createMultiLevelCacheBuilder()
                    .addCache(local, remote)
                    .expireAfterWrite(TTL.toMillis(), TimeUnit.MILLISECONDS)
                    .cachePenetrateProtect(name.equals(JETCACHE_BOTH_PROTECT))
                    .buildCache();
            resources.add(both);
            yield id -> both.computeIfAbsent(id, origin::item);
          }
          case JETCACHE_LOCAL -> {
            Cache<Long, Item> local = jetLocal(l1MaximumSize);
            resources.add(local);
            yield id -> local.computeIfAbsent(id, origin::item);
          }
          case JETCACHE_REMOTE -> {
            RedisClient client = RedisClient.create(redisUri);
            resources.add(client::shutdown);
            Cache<Long, Item> remote = jetRemote(client, "jcr:");
            resources.add(remote);
            yield id -> remote.computeIfAbsent(id, origin::item);
          }
          case LETTUCE_JACKSON -> {
            RedisClient client = RedisClient.create(redisUri);
            resources.add(client::shutdown);
            StatefulRedisConnection<String, byte[]> connection =
                client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            resources.add(connection);
            yield new LettuceJackson(connection.sync(), origin);
          }
          default -> throw new IllegalArgumentException("unknown contender " + name);
        };
  }

  private static Cache<Long, Item> jetLocal(long l1MaximumSize) {
    return CaffeineCacheBuilder.createCaffeineCacheBuilder()
        .limit(Math.toIntExact(l1MaximumSize))
        .expireAfterWrite(TTL.toMillis(), TimeUnit.MILLISECONDS)
        .buildCache();
  }

  private static Cache<Long, Item> jetRemote(RedisClient client, String prefix) {
    return RedisLettuceCacheBuilder.createRedisLettuceCacheBuilder()
        .redisClient(client)
        .keyPrefix(prefix)
        .keyConvertor(Fastjson2KeyConvertor.INSTANCE)
        .valueEncoder(JavaValueEncoder.INSTANCE)
        .valueDecoder(JavaValueDecoder.INSTANCE)
        .expireAfterWrite(TTL.toMillis(), TimeUnit.MILLISECONDS)
        .buildCache();
  }

  /** The L2 floor, written by hand: {@code GET}, Jackson decode; on a miss load, encode and {@code SET EX}. */
  static final class LettuceJackson implements ItemService {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ObjectReader READER = MAPPER.readerFor(Item.class);
    private static final ObjectWriter WRITER = MAPPER.writerFor(Item.class);
    private static final SetArgs EX = SetArgs.Builder.ex(TTL);

    private final RedisCommands<String, byte[]> redis;
    private final ItemService origin;

    LettuceJackson(RedisCommands<String, byte[]> redis, ItemService origin) {
      this.redis = redis;
      this.origin = origin;
    }

    @Override
    public Item item(long id) {
      String key = "raw:" + id;
      byte[] bytes = redis.get(key);
      if (bytes != null) {
        return READER.readValue(bytes);
      }
      Item value = origin.item(id);
      redis.set(key, WRITER.writeValueAsBytes(value), EX);
      return value;
    }
  }
}
