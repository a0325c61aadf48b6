package io.cachegen.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.di.MediaServices;
import io.cachegen.samples.domain.ImageKind;
import io.cachegen.samples.domain.ImageMetadata;
import io.cachegen.samples.domain.Movie;
import io.cachegen.samples.domain.NewMovie;
import io.cachegen.samples.domain.Policy;
import io.cachegen.samples.domain.ServerSetting;
import io.cachegen.samples.domain.Session;
import io.cachegen.samples.domain.User;
import io.cachegen.samples.domain.UserSettings;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write methods invalidate what the original design's helpers did, and nothing more: a cached
 * read costs no query, a read of an invalidated entry costs its query again.
 */
class InvalidationTest {
  private Database db;
  private TieredCache cache;
  private MediaServices s;

  @BeforeEach
  void setUp() {
    db = SeededDatabase.create();
    cache = TieredCache.inMemory();
    s = MediaServices.cached(MediaServices.jdbc(db), cache);
  }

  @AfterEach
  void tearDown() {
    cache.close();
    db.close();
  }

  /** The JDBC statements {@code read} ran. */
  private long queries(Runnable read) {
    long before = db.queryCount();
    read.run();
    return db.queryCount() - before;
  }

  @Test
  void updateMovie_dropsTheMovie_itsMetadataInEveryLanguage_bothLists_andItsLibraryStats_butNoOtherMovie() {
    Movie movie = s.movies().getMovie(12);
    s.movies().getMovie(120);
    s.movies().getMetadata(12, "en");
    s.movies().getMetadata(12, "fr");
    s.movies().getMetadata(120, "en");
    s.movies().recentlyAdded();
    s.movies().topRated();
    s.libraries().stats(movie.libraryId());
    long otherLibrary = movie.libraryId() == 1 ? 2 : 1;
    s.libraries().stats(otherLibrary);

    Movie updated = movie.withTitle("The Renamed Movie");
    s.movies().updateMovie(updated);

    assertThat(s.movies().getMovie(12)).isEqualTo(updated);
    assertThat(queries(() -> s.movies().getMetadata(12, "en"))).isEqualTo(1);
    assertThat(queries(() -> s.movies().getMetadata(12, "fr"))).isEqualTo(1);
    assertThat(queries(() -> s.movies().recentlyAdded())).isEqualTo(1);
    assertThat(queries(() -> s.movies().topRated())).isEqualTo(1);
    assertThat(queries(() -> s.libraries().stats(movie.libraryId()))).isEqualTo(2);
    assertThat(queries(() -> s.movies().getMovie(120))).isZero();
    assertThat(queries(() -> s.movies().getMetadata(120, "en"))).isZero();
    assertThat(queries(() -> s.libraries().stats(otherLibrary))).isZero();
  }

  @Test
  void assignRole_dropsThatUsersDecisionsAndRecord_butNotThoseOfAUserWhoseIdHasTheSameDigitsFirst() {
    s.rbac().assignRole(4, "user");
    s.rbac().assignRole(42, "user");
    assertThat(s.rbac().enforce(4, "settings", "write")).isFalse();
    assertThat(s.rbac().enforce(4, "movies", "read")).isTrue();
    assertThat(s.rbac().enforce(42, "settings", "write")).isFalse();
    s.users().getUser(4);

    s.rbac().assignRole(4, "admin");

    assertThat(s.rbac().enforce(4, "settings", "write")).isTrue();
    assertThat(queries(() -> s.rbac().enforce(4, "movies", "read"))).isEqualTo(1);
    assertThat(s.users().getUser(4).role()).isEqualTo("admin");
    assertThat(queries(() -> s.rbac().enforce(42, "settings", "write"))).isZero();
  }

  @Test
  void putPolicy_dropsEveryRolesPolicies_andEveryDecision() {
    s.rbac().assignRole(7, "guest");
    assertThat(s.rbac().enforce(7, "downloads", "read")).isFalse();
    s.rbac().enforce(8, "movies", "read");
    s.rbac().policiesForRole("admin");
    s.rbac().policiesForRole("guest");

    s.rbac().putPolicy(new Policy("guest", "downloads", "read", true));

    assertThat(s.rbac().enforce(7, "downloads", "read")).isTrue();
    assertThat(s.rbac().policiesForRole("guest")).contains(new Policy("guest", "downloads", "read", true));
    assertThat(queries(() -> s.rbac().enforce(8, "movies", "read"))).isEqualTo(1);
    assertThat(queries(() -> s.rbac().policiesForRole("admin"))).isEqualTo(1);
  }

  @Test
  void extendAndRevokeSession_dropTheSession() {
    UUID token = db.queryOne("SELECT token FROM sessions ORDER BY token LIMIT 1", rs -> rs.getObject(1, UUID.class));
    Session session = s.sessions().getSession(token);
    Instant later = session.expiresAt().plusSeconds(3600);

    s.sessions().extendSession(token, later);
    assertThat(s.sessions().getSession(token)).isEqualTo(session.withExpiresAt(later));

    s.sessions().revokeSession(token);
    assertThat(s.sessions().getSession(token)).isNull();
  }

  @Test
  void updateUser_andSaveSettings_areReadBackAtOnce() {
    User user = s.users().getUser(9);
    UserSettings settings = s.settings().getUserSettings(9);
    ServerSetting name = s.settings().getServerSetting("server.name");

    s.users().updateUser(user.withDisplayName("Nine"));
    s.settings().saveUserSettings(settings.withTheme("solarized"));
    s.settings().putServerSetting(new ServerSetting("server.name", "living room"));

    assertThat(name).isEqualTo(new ServerSetting("server.name", "default"));
    assertThat(s.users().getUser(9).displayName()).isEqualTo("Nine");
    assertThat(s.settings().getUserSettings(9).theme()).isEqualTo("solarized");
    assertThat(s.settings().getServerSetting("server.name").value()).isEqualTo("living room");
  }

  @Test
  void saveImage_dropsThatImageOnly() {
    ImageMetadata poster = s.images().getImage(5, ImageKind.POSTER);
    s.images().getImage(5, ImageKind.BACKDROP);
    ImageMetadata changed =
        new ImageMetadata(5, ImageKind.POSTER, poster.url(), 2000, 3000, poster.blurhash());

    s.images().saveImage(changed);

    assertThat(s.images().getImage(5, ImageKind.POSTER)).isEqualTo(changed);
    assertThat(queries(() -> s.images().getImage(5, ImageKind.BACKDROP))).isZero();
  }

  @Test
  void addMovie_dropsBothLists_search_andItsLibraryStats() {
    s.movies().recentlyAdded();
    s.search().search("zeppelin", 0);
    long countBefore = s.libraries().stats(2).movieCount();

    Movie added = s.movies().addMovie(new NewMovie("The Zeppelin Summer", 2026, "Drama", 2));

    assertThat(s.movies().recentlyAdded().get(0)).isEqualTo(added);
    assertThat(s.search().search("zeppelin", 0).hits()).extracting(h -> h.movieId()).containsExactly(added.id());
    assertThat(s.libraries().stats(2).movieCount()).isEqualTo(countBefore + 1);
  }

  @Test
  void reindex_dropsEverySearchPage_soRenamedTitlesAreFound() {
    Movie movie = s.movies().getMovie(3);
    assertThat(s.search().search("quasar", 0).total()).isZero();
    s.movies().updateMovie(movie.withTitle("The Quasar"));
    assertThat(s.search().search("quasar", 0).total()).as("the index is rebuilt by reindex only").isZero();

    s.search().reindex();

    assertThat(s.search().search("quasar", 0).hits()).extracting(h -> h.movieId()).containsExactly(3L);
  }

  @Test
  void rescan_dropsEveryLibrarysStats_bothLists_andSearch() {
    Instant scanned = s.libraries().stats(1).scannedAt();
    s.libraries().stats(2);
    s.movies().recentlyAdded();
    s.movies().topRated();
    s.search().search("river", 0);

    s.libraries().rescan(1);

    assertThat(s.libraries().stats(1).scannedAt()).isAfter(scanned);
    assertThat(queries(() -> s.libraries().stats(2))).isEqualTo(2);
    assertThat(queries(() -> s.movies().recentlyAdded())).isEqualTo(1);
    assertThat(queries(() -> s.movies().topRated())).isEqualTo(1);
    assertThat(queries(() -> s.search().search("river", 0))).isEqualTo(2);
  }
}
