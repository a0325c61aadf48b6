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
 *   <tr><td>{@code cache.l1.maximum-weight}</td><td>{@code CACHE_L1_MAXIMUM_WEIGHT}</td><td>64 MiB</td></tr>
 *   <tr><td>{@code cache.staleness-bound}</td><td>{@code CACHE_STALENESS_BOUND}</td><td>{@code 1s}</td></tr>
 *   <tr><td>{@code cache.lease-time}</td><td>{@code CACHE_LEASE_TIME}</td><td>{@code 2s}</td></tr>
 *   <tr><td>{@code cache.max-ttl}</td><td>{@code CACHE_MAX_TTL}</td><td>{@code 1d}</td></tr>
 *   <tr><td>{@code cache.max-value-bytes}</td><td>{@code CACHE_MAX_VALUE_BYTES}</td><td>1 MiB</td></tr>
 *   <tr><td>{@code cache.namespace}</td><td>{@code CACHE_NAMESPACE}</td><td>{@code cachegen}</td></tr>
 *   <tr><td>{@code cache.channel-secret}</td><td>{@code CACHE_CHANNEL_SECRET}</td><td>none</td></tr>
 *   <tr><td>{@code cache.tls.ca-file}</td><td>{@code CACHE_TLS_CA_FILE}</td><td>the JVM's CAs</td></tr>
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

  /** The bound on L1 bytes (the encoded size of its values). */
  public static final String L1_MAXIMUM_WEIGHT = "cache.l1.maximum-weight";
  /** How long another instance may serve a value older than a write, under any single fault. */
  public static final String STALENESS_BOUND = "cache.staleness-bound";
  /** How long a load holds its lease, and how long other instances wait for it. */
  public static final String LEASE_TIME = "cache.lease-time";
  /** The longest a value lives in Redis. */
  public static final String MAX_TTL = "cache.max-ttl";
  /** Values whose encoding is larger are kept out of Redis. */
  public static final String MAX_VALUE_BYTES = "cache.max-value-bytes";
  /** The prefix of the cache's own keys and channels in Redis. */
  public static final String NAMESPACE = "cache.namespace";
  /** A secret shared by every instance, signing the messages on the channels (never printed). */
  public static final String CHANNEL_SECRET = "cache.channel-secret";
  /** A PEM file of the CA certificates to trust for {@code rediss://}. */
  public static final String TLS_CA_FILE = "cache.tls.ca-file";

  /** The default connect timeout, 5 seconds, as in the original design. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** The default command timeout, 3 seconds, as in the original design. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(3);

  private static final String[] KEYS = {
    URL, ENABLED, L1_MAXIMUM_SIZE, L1_TTL, CONNECT_TIMEOUT, COMMAND_TIMEOUT, L1_MAXIMUM_WEIGHT, STALENESS_BOUND,
    LEASE_TIME, MAX_TTL, MAX_VALUE_BYTES, NAMESPACE, CHANNEL_SECRET, TLS_CA_FILE
  };

  private final String url;
  private final boolean enabled;
  private final long l1MaximumSize;
  private final Duration l1Ttl;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  private final long l1MaximumWeight;
  private final Duration stalenessBound;
  private final Duration leaseTime;
  private final Duration maxTtl;
  private final int maxValueBytes;
  private final String namespace;
  private final String channelSecret;
  private final String tlsCaFile;

  private CacheConfig(Map<String, String> values) {
    this.url = blankToNull(values.get(URL));
    this.enabled = parseBoolean(ENABLED, values.get(ENABLED));
    String size = values.get(L1_MAXIMUM_SIZE);
    this.l1MaximumSize = size == null ? TieredCache.DEFAULT_L1_MAXIMUM_SIZE : parseSize(size);
    this.l1Ttl = duration(values, L1_TTL, TieredCache.DEFAULT_L1_TTL);
    this.connectTimeout = duration(values, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    this.commandTimeout = duration(values, COMMAND_TIMEOUT, DEFAULT_COMMAND_TIMEOUT);
    String weight = values.get(L1_MAXIMUM_WEIGHT);
    this.l1MaximumWeight = weight == null ? TieredCache.DEFAULT_L1_MAXIMUM_WEIGHT : parseCount(L1_MAXIMUM_WEIGHT, weight, 1);
    this.stalenessBound = duration(values, STALENESS_BOUND, TieredCache.DEFAULT_STALENESS_BOUND);
    this.leaseTime = duration(values, LEASE_TIME, TieredCache.DEFAULT_LEASE_TIME);
    this.maxTtl = duration(values, MAX_TTL, TieredCache.DEFAULT_MAX_TTL);
    String bytes = values.get(MAX_VALUE_BYTES);
    this.maxValueBytes = bytes == null ? TieredCache.DEFAULT_MAX_VALUE_BYTES
        : (int) Math.min(Integer.MAX_VALUE, parseCount(MAX_VALUE_BYTES, bytes, 1));
    this.namespace = values.getOrDefault(NAMESPACE, TieredCache.DEFAULT_NAMESPACE);
    this.channelSecret = blankToNull(values.get(CHANNEL_SECRET));
    this.tlsCaFile = blankToNull(values.get(TLS_CA_FILE));
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

  /** The bound on L1 bytes. */
  public long l1MaximumWeight() {
    return l1MaximumWeight;
  }

  /** How long another instance may serve a value older than a write. */
  public Duration stalenessBound() {
    return stalenessBound;
  }

  /** How long a load holds its lease. */
  public Duration leaseTime() {
    return leaseTime;
  }

  /** The longest a value lives in Redis. */
  public Duration maxTtl() {
    return maxTtl;
  }

  /** Values whose encoding is larger are kept out of Redis. */
  public int maxValueBytes() {
    return maxValueBytes;
  }

  /** The prefix of the cache's own keys and channels. */
  public String namespace() {
    return namespace;
  }

  /** The secret that signs channel messages, if one is set. */
  public Optional<String> channelSecret() {
    return Optional.ofNullable(channelSecret);
  }

  /** The PEM file of CA certificates to trust for TLS, if one is set. */
  public Optional<String> tlsCaFile() {
    return Optional.ofNullable(tlsCaFile);
  }

  /** The settings, with any password in the URL and the channel secret masked. */
  @Override
  public String toString() {
    return "CacheConfig{url=" + (url == null ? null : RedisUris.redact(url)) + ", enabled=" + enabled
        + ", l1MaximumSize=" + l1MaximumSize + ", l1Ttl=" + l1Ttl + ", connectTimeout=" + connectTimeout
        + ", commandTimeout=" + commandTimeout + ", l1MaximumWeight=" + l1MaximumWeight + ", stalenessBound="
        + stalenessBound + ", leaseTime=" + leaseTime + ", maxTtl=" + maxTtl + ", maxValueBytes=" + maxValueBytes
        + ", namespace=" + namespace + ", channelSecret=" + (channelSecret == null ? "none" : "****")
        + ", tlsCaFile=" + tlsCaFile + "}";
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

  private static long parseCount(String key, String text, long min) {
    try {
      long n = Long.parseLong(text.trim().replace("_", ""));
      if (n < min) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, " + min + " or more, but was \"" + text + "\"");
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
