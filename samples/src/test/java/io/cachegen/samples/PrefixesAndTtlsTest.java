package io.cachegen.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.di.MediaServices;
import io.cachegen.samples.domain.ImageKind;
import io.cachegen.samples.service.ImageServiceCacheKeys;
import io.cachegen.samples.service.LibraryServiceCacheKeys;
import io.cachegen.samples.service.MovieServiceCacheKeys;
import io.cachegen.samples.service.RbacServiceCacheKeys;
import io.cachegen.samples.service.SearchServiceCacheKeys;
import io.cachegen.samples.service.SessionServiceCacheKeys;
import io.cachegen.samples.service.SettingsServiceCacheKeys;
import io.cachegen.samples.service.UserServiceCacheKeys;
import io.cachegen.testing.RedisServerExtension;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The thirteen key categories of the original design: each generated prefix and TTL constant is the
 * design's, and a value read through the decorator lands in Redis under that prefix with that TTL.
 */
class PrefixesAndTtlsTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static Database db;
  private static TieredCache cache;
  private static MediaServices services;
  private static UUID token;

  @BeforeAll
  static void setUp() {
    db = SeededDatabase.create();
    cache = TieredCache.builder().redisUri(redis.uri()).build();
    services = MediaServices.cached(MediaServices.jdbc(db), cache);
    token = db.queryOne("SELECT token FROM sessions ORDER BY token LIMIT 1", rs -> rs.getObject(1, UUID.class));
  }

  @AfterAll
  static void tearDown() {
    cache.close();
    db.close();
  }

  static Stream<Arguments> categories() {
    return Stream.of(
        row("Session", SessionServiceCacheKeys.GET_SESSION_PREFIX, SessionServiceCacheKeys.GET_SESSION_TTL,
            "session:", Duration.ofSeconds(30), s -> s.sessions().getSession(token),
            () -> SessionServiceCacheKeys.getSession(token)),
        row("RBAC Policy", RbacServiceCacheKeys.POLICIES_FOR_ROLE_PREFIX, RbacServiceCacheKeys.POLICIES_FOR_ROLE_TTL,
            "rbac:policy:", Duration.ofMinutes(5), s -> s.rbac().policiesForRole("editor"),
            () -> RbacServiceCacheKeys.policiesForRole("editor")),
        row("RBAC Enforce", RbacServiceCacheKeys.ENFORCE_PREFIX, RbacServiceCacheKeys.ENFORCE_TTL,
            "rbac:enforce:", Duration.ofSeconds(30), s -> s.rbac().enforce(3, "movies", "read"),
            () -> RbacServiceCacheKeys.enforce(3, "movies", "read")),
        row("Server Settings", SettingsServiceCacheKeys.GET_SERVER_SETTING_PREFIX,
            SettingsServiceCacheKeys.GET_SERVER_SETTING_TTL, "settings:server:", Duration.ofMinutes(5),
            s -> s.settings().getServerSetting("ui.theme"), () -> SettingsServiceCacheKeys.getServerSetting("ui.theme")),
        row("User Settings", SettingsServiceCacheKeys.GET_USER_SETTINGS_PREFIX,
            SettingsServiceCacheKeys.GET_USER_SETTINGS_TTL, "settings:user:", Duration.ofMinutes(2),
            s -> s.settings().getUserSettings(3), () -> SettingsServiceCacheKeys.getUserSettings(3)),
        row("User", UserServiceCacheKeys.GET_USER_PREFIX, UserServiceCacheKeys.GET_USER_TTL,
            "user:", Duration.ofMinutes(1), s -> s.users().getUser(3), () -> UserServiceCacheKeys.getUser(3)),
        row("Movie", MovieServiceCacheKeys.GET_MOVIE_PREFIX, MovieServiceCacheKeys.GET_MOVIE_TTL,
            "movie:", Duration.ofMinutes(5), s -> s.movies().getMovie(3), () -> MovieServiceCacheKeys.getMovie(3)),
        row("Movie Metadata", MovieServiceCacheKeys.GET_METADATA_PREFIX, MovieServiceCacheKeys.GET_METADATA_TTL,
            "movie:meta:", Duration.ofMinutes(10), s -> s.movies().getMetadata(3, "de"),
            () -> MovieServiceCacheKeys.getMetadata(3, "de")),
        row("Library Stats", LibraryServiceCacheKeys.STATS_PREFIX, LibraryServiceCacheKeys.STATS_TTL,
            "library:stats:", Duration.ofMinutes(10), s -> s.libraries().stats(1), () -> LibraryServiceCacheKeys.stats(1)),
        row("Search Results", SearchServiceCacheKeys.SEARCH_PREFIX, SearchServiceCacheKeys.SEARCH_TTL,
            "search:", Duration.ofSeconds(30), s -> s.search().search("river", 0),
            () -> SearchServiceCacheKeys.search("river", 0)),
        row("Image Metadata", ImageServiceCacheKeys.GET_IMAGE_PREFIX, ImageServiceCacheKeys.GET_IMAGE_TTL,
            "image:", Duration.ofHours(24), s -> s.images().getImage(3, ImageKind.LOGO),
            () -> ImageServiceCacheKeys.getImage(3, ImageKind.LOGO)),
        row("Recently Added", MovieServiceCacheKeys.RECENTLY_ADDED_PREFIX, MovieServiceCacheKeys.RECENTLY_ADDED_TTL,
            "movie:recent", Duration.ofMinutes(2), s -> s.movies().recentlyAdded(),
            () -> MovieServiceCacheKeys.recentlyAdded()),
        row("Top Rated", MovieServiceCacheKeys.TOP_RATED_PREFIX, MovieServiceCacheKeys.TOP_RATED_TTL,
            "movie:toprated", Duration.ofMinutes(5), s -> s.movies().topRated(), () -> MovieServiceCacheKeys.topRated()));
  }

  private static Arguments row(
      String category, String prefix, Duration ttl, String designPrefix, Duration designTtl,
      Consumer<MediaServices> read, java.util.function.Supplier<String> key) {
    return Arguments.of(category, prefix, ttl, designPrefix, designTtl, read, key);
  }

  @ParameterizedTest(name = "{0}: {3} for {4}")
  @MethodSource("categories")
  void eachCategory_hasTheDesignsPrefixAndTtl_andItsValuesLiveThatLongInRedis(
      String category, String prefix, Duration ttl, String designPrefix, Duration designTtl,
      Consumer<MediaServices> read, java.util.function.Supplier<String> keyOf) {
    assertThat(prefix).as(category + " prefix").isEqualTo(designPrefix);
    assertThat(ttl).as(category + " TTL").isEqualTo(designTtl);

    read.accept(services);
    String key = keyOf.get();
    assertThat(key).startsWith(designPrefix);
    await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(1).equals(redis.command("EXISTS", key)));

    long pttl = (Long) redis.command("PTTL", key);
    assertThat(pttl).as(category + " PTTL of " + key).isBetween(designTtl.toMillis() - 5_000, designTtl.toMillis());
  }
}
