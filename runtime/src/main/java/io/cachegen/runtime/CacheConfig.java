package io.cachegen.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The cache settings as an application's configuration states them, under the keys of the original
 * design: {@code cache.url} (where L2 is) and {@code cache.enabled} (whether L2 is used at all; false by
 * default, which leaves an L1-only cache), plus the L1 bounds and the Redis timeouts. Immutable.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>environment</th><th>default</th></tr>
 *   <tr><td>{@code cache.url}</td><td>{@code CACHE_URL}</td><td>none</td></tr>
 *   <tr><td>{@code cache.enabled}</td><td>{@code CACHE_ENABLED}</td><td>{@code false}</td></tr>
 *   <tr><td>{@code cache.l1.maximum-size}</td><td>{@code CACHE_L1_MAXIMUM_SIZE}</td><td>10000</td></tr>
 *   <tr><td>{@code cache.l1.ttl}</td><td>{@code CACHE_L1_TTL}</td><td>{@code 5m}</td></tr>
 *   <tr><td>{@code cache.connect-timeout}</td><td>{@code CACHE_CONNECT_TIMEOUT}</td><td>{@code 5s}</td></tr>
 *   <tr><td>{@code cache.command-timeout}</td><td>{@code CACHE_COMMAND_TIMEOUT}</td><td>{@code 3s}</td></tr>
 * </table>
 *
 * <p>Durations take the {@code @Cached} TTL syntax ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h},
 * {@code 1d}) or ISO-8601. A malformed value is an {@link IllegalArgumentException} naming the key.
 *
 * <pre>{@code
 * TieredCache cache = TieredCache.builder().config(CacheConfig.fromEnvironment()).build();
 * }</pre>
 */
public final class CacheConfig {

  /** Where L2 is: {@code redis://}, {@code rediss://} or {@code redis-sentinel://}. */
  public static final String URL = "cache.url";
  /** Whether L2 is used; {@code false} by default. */
  public static final String ENABLED = "cache.enabled";
  /** The bound on L1 entries. */
  public static final String L1_MAXIMUM_SIZE = "cache.l1.maximum-size";
  /** The longest an L1 entry lives. */
  public static final String L1_TTL = "cache.l1.ttl";
  /** How long connecting to Redis may take. */
  public static final String CONNECT_TIMEOUT = "cache.connect-timeout";
  /** How long one Redis command may take. */
  public static final String COMMAND_TIMEOUT = "cache.command-timeout";

  /** The default connect timeout, 5 seconds, as in the original design. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** The default command timeout, 3 seconds, as in the original design. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(3);

  private static final String[] KEYS = {URL, ENABLED, L1_MAXIMUM_SIZE, L1_TTL, CONNECT_TIMEOUT, COMMAND_TIMEOUT};

  private final String url;
  private final boolean enabled;
  private final long l1MaximumSize;
  private final Duration l1Ttl;
  private final Duration connectTimeout;
  private final Duration commandTimeout;

  private CacheConfig(Map<String, String> values) {
    this.url = blankToNull(values.get(URL));
    this.enabled = parseBoolean(ENABLED, values.get(ENABLED));
    String size = values.get(L1_MAXIMUM_SIZE);
    this.l1MaximumSize = size == null ? L1Cache.DEFAULT_MAXIMUM_SIZE : parseSize(size);
    this.l1Ttl = duration(values, L1_TTL, L1Cache.DEFAULT_TTL);
    this.connectTimeout = duration(values, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    this.commandTimeout = duration(values, COMMAND_TIMEOUT, DEFAULT_COMMAND_TIMEOUT);
  }

  /** The defaults: L1 only. */
  public static CacheConfig defaults() {
    return new CacheConfig(Map.of());
  }

  /** Reads the {@code cache.*} keys of a map; other keys are ignored. Values are strings or have a string form. */
  public static CacheConfig fromMap(Map<String, ?> map) {
    Map<String, String> values = new HashMap<>();
    for (String key : KEYS) {
      Object v = map.get(key);
      if (v != null) {
        values.put(key, v.toString());
      }
    }
    return new CacheConfig(values);
  }

  /** Reads the {@code cache.*} keys of properties, such as an {@code application.properties} file. */
  public static CacheConfig fromProperties(Properties properties) {
    Map<String, String> values = new HashMap<>();
    for (String key : KEYS) {
      String v = properties.getProperty(key);
      if (v != null) {
        values.put(key, v);
      }
    }
    return new CacheConfig(values);
  }

  /** Reads {@code CACHE_URL}, {@code CACHE_ENABLED} and the other variables of the process environment. */
  public static CacheConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Reads the environment variables ({@code CACHE_URL}, …) of the given map. */
  public static CacheConfig fromEnvironment(Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    for (String key : KEYS) {
      String v = environment.get(environmentName(key));
      if (v != null) {
        values.put(key, v);
      }
    }
    return new CacheConfig(values);
  }

  /** The environment variable for a key: {@code cache.l1.ttl} is {@code CACHE_L1_TTL}. */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The Redis URL, if one is set. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /** Whether L2 is enabled. */
  public boolean enabled() {
    return enabled;
  }

  /** The URL L2 connects to: present only when L2 is enabled and a URL is set. */
  public Optional<String> effectiveRedisUri() {
    return enabled ? Optional.ofNullable(url) : Optional.empty();
  }

  /** The bound on L1 entries. */
  public long l1MaximumSize() {
    return l1MaximumSize;
  }

  /** The longest an L1 entry lives. */
  public Duration l1Ttl() {
    return l1Ttl;
  }

  /** How long connecting to Redis may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long one Redis command may take. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** The settings, with any password in the URL masked. */
  @Override
  public String toString() {
    return "CacheConfig{url=" + (url == null ? null : RedisTier.redact(url)) + ", enabled=" + enabled
        + ", l1MaximumSize=" + l1MaximumSize + ", l1Ttl=" + l1Ttl + ", connectTimeout=" + connectTimeout
        + ", commandTimeout=" + commandTimeout + "}";
  }

  private static Duration duration(Map<String, String> values, String key, Duration defaultValue) {
    String v = blankToNull(values.get(key));
    return v == null ? defaultValue : Durations.parse(key, v);
  }

  private static long parseSize(String text) {
    try {
      long n = Long.parseLong(text.trim().replace("_", ""));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          L1_MAXIMUM_SIZE + " must be a whole number of entries, 0 or more, but was \"" + text + "\"");
    }
  }

  private static boolean parseBoolean(String key, String text) {
    String v = blankToNull(text);
    if (v == null) {
      return false;
    }
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> {
        return true;
      }
      case "false", "no", "off", "0" -> {
        return false;
      }
      default -> throw new IllegalArgumentException(key + " must be true or false but was \"" + text + "\"");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
