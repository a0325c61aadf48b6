package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import io.cachegen.runtime.internal.KeyParts;
import java.time.Duration;

/**
 * How to reach Redis.
 *
 * @param uri where Redis is (see {@link RedisUris})
 * @param connectTimeout how long one connection attempt (TLS handshake included) may take
 * @param commandTimeout how long a command may take before it fails with {@link Failure.Kind#TIMEOUT}
 * @param namespace the hash tag of the protocol's keys and channels ({@code cachegen})
 * @param instanceId this instance's id (its heartbeat channel and probe key)
 * @param tls trust material and client certificate for TLS, or {@code null} for the JVM's defaults
 */
record LettuceSettings(
    String uri, Duration connectTimeout, Duration commandTimeout, String namespace, String instanceId, RedisTls tls) {
  public LettuceSettings {
    requireNonNull(uri, "uri");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(commandTimeout, "commandTimeout");
    requireNonNull(namespace, "namespace");
    requireNonNull(instanceId, "instanceId");
    if (connectTimeout.isNegative() || connectTimeout.isZero() || commandTimeout.isNegative()
        || commandTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (namespace.isEmpty() || namespace.indexOf('{') >= 0 || namespace.indexOf('}') >= 0
        || !KeyParts.isWellFormed(namespace)) {
      throw new IllegalArgumentException(
          "the namespace must be non-empty well-formed text without braces: \"" + namespace + "\"");
    }
    if (instanceId.isEmpty() || !KeyParts.isWellFormed(instanceId)) {
      throw new IllegalArgumentException("the instance id must be non-empty well-formed text");
    }
  }

  /** Settings with the design's defaults: connect timeout 5 s, command timeout 3 s, namespace {@code cachegen}. */
  static LettuceSettings of(String uri, String instanceId) {
    return new LettuceSettings(uri, Duration.ofSeconds(5), Duration.ofSeconds(3), LettuceL2.DEFAULT_NAMESPACE, instanceId, null);
  }

  LettuceSettings withTls(RedisTls tls) {
    return new LettuceSettings(uri, connectTimeout, commandTimeout, namespace, instanceId, tls);
  }

  LettuceSettings withTimeouts(Duration connect, Duration command) {
    return new LettuceSettings(uri, connect, command, namespace, instanceId, tls);
  }

  LettuceSettings withNamespace(String ns) {
    return new LettuceSettings(uri, connectTimeout, commandTimeout, ns, instanceId, tls);
  }

  @Override
  public String toString() {
    String described;
    try {
      described = RedisUris.parse(uri).describe();
    } catch (IllegalArgumentException e) {
      described = "(invalid URI)";
    }
    return "LettuceSettings[uri=" + described + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
        + ", namespace=" + namespace + ", instanceId=" + instanceId + ", tls=" + tls + "]";
  }
}
