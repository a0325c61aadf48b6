package io.cachegen.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one {@link RedisServer} for a test class, and hands every test a healthy, empty one.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension redis = new RedisServerExtension();
 *
 * @Test
 * void survivesRestart() {
 *   TieredCache cache = TieredCache.builder().redisUri(redis.uri()).build();
 *   redis.server().kill();
 *   ...
 * }
 * }</pre>
 *
 * <p>Before each test the server is resumed if a test paused it, started again if a test stopped or
 * killed it, and flushed. After the class it is killed. Register it as a {@code static} field.
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final String[] extraArgs;
  private RedisServer server;

  /** A plain server. */
  public RedisServerExtension() {
    this(new String[0]);
  }

  /** A server started with extra {@code redis-server} arguments, such as {@code "--requirepass", "s3cret"}. */
  public RedisServerExtension(String... extraArgs) {
    this.extraArgs = extraArgs.clone();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start(extraArgs);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server.isPaused()) {
      server.resume();
    }
    if (!server.isRunning()) {
      server.restart();
    }
    server.flushAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The server, to stop, kill, restart, pause or resume it. */
  public RedisServer server() {
    if (server == null) {
      throw new IllegalStateException("the Redis server runs only while the test class runs; register the extension as a static field");
    }
    return server;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return server().uri();
  }

  /** The server's port. */
  public int port() {
    return server().port();
  }

  /** Sends one command; see {@link RedisServer#command}. */
  public Object command(String... args) {
    return server().command(args);
  }

  /** Removes every key. */
  public void flushAll() {
    server().flushAll();
  }
}
