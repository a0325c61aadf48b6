package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.SslOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Trust material and an optional client certificate for TLS connections. Files are read when
 * {@link LettuceL2} is built. {@link #toString()} shows paths, never the password.
 */
final class RedisTls {
  private final Path caCertificates;
  private final Path trustStore;
  private final char[] trustStorePassword;
  private final Path clientCertificate;
  private final Path clientKey;

  private RedisTls(Path caCertificates, Path trustStore, char[] trustStorePassword, Path clientCertificate, Path clientKey) {
    this.caCertificates = caCertificates;
    this.trustStore = trustStore;
    this.trustStorePassword = trustStorePassword;
    this.clientCertificate = clientCertificate;
    this.clientKey = clientKey;
  }

  /** Trust the CA certificates of a PEM file (what Redis's {@code tls-ca-cert-file} holds). */
  static RedisTls trustPem(Path caCertificates) {
    return new RedisTls(requireNonNull(caCertificates, "caCertificates"), null, null, null, null);
  }

  /** Trust the certificates of a PKCS#12 or JKS trust store; {@code password} may be {@code null}. */
  static RedisTls trustStore(Path trustStore, char[] password) {
    return new RedisTls(null, requireNonNull(trustStore, "trustStore"), password == null ? null : password.clone(), null, null);
  }

  /** Trust the JVM's CAs (as without {@code Tls}), to add a client certificate. */
  static RedisTls jvmTrust() {
    return new RedisTls(null, null, null, null, null);
  }

  /** Also present this client certificate chain and its PKCS#8 private key (PEM files, key unencrypted). */
  RedisTls withClientCertificate(Path certificateChain, Path privateKey) {
    return new RedisTls(caCertificates, trustStore, trustStorePassword,
        requireNonNull(certificateChain, "certificateChain"), requireNonNull(privateKey, "privateKey"));
  }

  SslOptions sslOptions(Duration handshakeTimeout) {
    SslOptions.Builder builder = SslOptions.builder().jdkSslProvider().handshakeTimeout(handshakeTimeout);
    if (caCertificates != null) {
      requireReadable(caCertificates, "CA certificate file");
      builder.trustManager(caCertificates.toFile());
    } else if (trustStore != null) {
      requireReadable(trustStore, "trust store");
      builder.truststore(SslOptions.Resource.from(trustStore.toFile()), trustStorePassword);
    }
    if (clientCertificate != null) {
      requireReadable(clientCertificate, "client certificate file");
      requireReadable(clientKey, "client key file");
      builder.keyManager(clientCertificate.toFile(), clientKey.toFile(), null);
    }
    return builder.build();
  }

  private static void requireReadable(Path file, String what) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("the " + what + " " + file + " cannot be read");
    }
  }

  @Override
  public String toString() {
    return "Tls[" + (caCertificates != null ? "ca=" + caCertificates : trustStore != null ? "trustStore=" + trustStore
        : "jvm trust") + (clientCertificate != null ? ", clientCertificate=" + clientCertificate : "") + "]";
  }
}
