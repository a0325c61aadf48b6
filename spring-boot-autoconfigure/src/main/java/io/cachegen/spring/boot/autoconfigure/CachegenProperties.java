package io.cachegen.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code cachegen.*} properties: where L2 is, the L1 bounds, the Redis timeouts, and which generated
 * decorators the auto-configuration registers. Durations take Spring Boot's forms ({@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT5M}).
 *
 * <p>A setting left unset keeps the runtime's default ({@code TieredCache.builder()}'s), so the defaults
 * live in one place; one more builder setting is one more component here (and one line that applies it
 * in {@link CachegenAutoConfiguration}).
 *
 * @param url Where L2 is: redis://[user:password@]host:port[/db], rediss:// for TLS, or redis-sentinel://.
 *     Without it, the cache is L1 only.
 * @param enabled Whether L2 is used. Unset, L2 is used when a URL is set; false keeps the cache L1 only
 *     whatever the URL; true without a URL fails at startup.
 * @param l1 The in-process tier.
 * @param connectTimeout How long connecting to Redis may take. Default 5s.
 * @param commandTimeout How long one Redis command may take before the caller falls back to L1 and the
 *     loader. Default 3s.
 * @param stalenessBound How long another instance may serve a value older than a write, under any single
 *     fault; an instance that cannot show it heard every invalidation keeps L1 entries at most this long.
 *     Default 1s.
 * @param leaseTime How long a load holds its lease in Redis, and how long other instances wait for it
 *     before loading themselves. Default 2s.
 * @param maxTtl The longest a value lives in Redis; longer TTLs are cut to it. Default 1d.
 * @param maxValueBytes Values whose encoding is larger stay out of Redis, and are removed unread when
 *     found there. Default 1048576 (1 MiB).
 * @param namespace The prefix of the cache's own keys and channels in Redis; instances share
 *     invalidations within one namespace. Default cachegen.
 * @param channelSecret A secret shared by every instance that signs the messages on the channels
 *     (HMAC-SHA256, at least 16 characters); without it anyone allowed to publish on the channel can make
 *     instances drop L1 entries.
 * @param tlsCaFile A PEM file of the CA certificates to trust for rediss:// instead of the JVM's.
 * @param decorators Which generated decorators become the beans of their interfaces.
 */
@ConfigurationProperties("cachegen")
public record CachegenProperties(
    String url,
    Boolean enabled,
    @DefaultValue L1 l1,
    Duration connectTimeout,
    Duration commandTimeout,
    Duration stalenessBound,
    Duration leaseTime,
    Duration maxTtl,
    Integer maxValueBytes,
    String namespace,
    String channelSecret,
    String tlsCaFile,
    @DefaultValue Decorators decorators) {

  /** The properties, with the channel secret masked (the URL's password is masked by the runtime's messages). */
  @Override
  public String toString() {
    return "CachegenProperties[url=" + (url == null ? null : "(set)") + ", enabled=" + enabled + ", l1=" + l1
        + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout + ", stalenessBound="
        + stalenessBound + ", leaseTime=" + leaseTime + ", maxTtl=" + maxTtl + ", maxValueBytes=" + maxValueBytes
        + ", namespace=" + namespace + ", channelSecret=" + (channelSecret == null ? null : "****") + ", tlsCaFile="
        + tlsCaFile + ", decorators=" + decorators + "]";
  }

  /**
   * The in-process tier.
   *
   * @param maximumSize The bound on L1 entries; 0 keeps nothing in L1. Default 10000.
   * @param maximumWeight The bound on L1 bytes, counting each value by its encoded size. Default 67108864
   *     (64 MiB).
   * @param ttl The longest an L1 entry lives; entries with a shorter TTL expire sooner. Default 5m.
   */
  public record L1(Long maximumSize, Long maximumWeight, Duration ttl) {}

  /**
   * Which generated decorators the auto-configuration registers, each as the primary bean of its
   * interface over the application's own implementation.
   *
   * @param enabled Whether decorators are registered at all; false leaves the wiring to the application.
   * @param exclude Interfaces whose decorator is not registered, by fully qualified name (for example
   *     com.example.MovieService); their implementations stay as they are.
   */
  public record Decorators(@DefaultValue("true") boolean enabled, @DefaultValue List<String> exclude) {

    /** Whether the decorator of {@code serviceType} is left out. */
    boolean excludes(Class<?> serviceType) {
      return exclude.contains(serviceType.getName()) || exclude.contains(serviceType.getCanonicalName());
    }
  }
}
