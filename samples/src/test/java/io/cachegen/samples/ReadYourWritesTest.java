package io.cachegen.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachegen.runtime.TieredCache;
import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.User;
import io.cachegen.samples.jdbc.JdbcUserService;
import io.cachegen.samples.service.CachedUserService;
import io.cachegen.samples.service.UserService;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's staleness check, made deterministic: a write followed by a read through the same decorator
 * returns what was written, even while a load that started before the write is still running.
 */
class ReadYourWritesTest {
  private Database db;
  private TieredCache cache;

  @BeforeEach
  void setUp() {
    db = SeededDatabase.create();
    cache = TieredCache.inMemory();
  }

  @AfterEach
  void tearDown() {
    cache.close();
    db.close();
  }

  /** The JDBC service, except that its first {@code getUser} holds its (already read) row until released. */
  private static final class SlowFirstRead implements UserService {
    final UserService jdbc;
    final AtomicBoolean first = new AtomicBoolean(true);
    final CountDownLatch loaded = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    SlowFirstRead(UserService jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public User getUser(long id) {
      User user = jdbc.getUser(id);
      if (first.getAndSet(false)) {
        loaded.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return user;
    }

    @Override
    public void updateUser(User user) {
      jdbc.updateUser(user);
    }
  }

  @Test
  void aReadAfterAWrite_returnsTheWrite_evenWhileALoadFromBeforeTheWriteIsStillRunning() throws Exception {
    SlowFirstRead delegate = new SlowFirstRead(new JdbcUserService(db));
    UserService users = new CachedUserService(delegate, cache);
    User before = new JdbcUserService(db).getUser(1);
    FutureTask<User> early = new FutureTask<>(() -> users.getUser(1));
    new Thread(early, "early-reader").start();
    assertThat(delegate.loaded.await(10, TimeUnit.SECONDS)).isTrue();

    User written = before.withDisplayName("Written after the early load began");
    users.updateUser(written);
    FutureTask<User> readBack = new FutureTask<>(() -> users.getUser(1));
    Thread reader = new Thread(readBack, "read-back");
    reader.start();
    // Either the read-back loads on its own and finishes, or it waits on the early load.
    await().atMost(Duration.ofSeconds(10))
        .until(() -> readBack.isDone() || reader.getState() == Thread.State.WAITING);
    delegate.release.countDown();

    assertThat(early.get(10, TimeUnit.SECONDS)).isEqualTo(before);
    assertThat(readBack.get(10, TimeUnit.SECONDS)).as("read your own write").isEqualTo(written);
    assertThat(users.getUser(1)).as("and the early load was not cached").isEqualTo(written);
  }
}
