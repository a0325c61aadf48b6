package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The certificates of the TLS tests, made at test time with {@code openssl} and {@code keytool} in one
 * directory: CAs {@code ca} and {@code other-ca}; signed by {@code ca}, {@code server} (for 127.0.0.1 and
 * localhost), {@code elsewhere} (for elsewhere.example only) and {@code client}; and {@code trust.p12}, a
 * PKCS#12 trust store (password {@code changeit}) that trusts {@code ca}. Each is {@code <name>.pem} with
 * its key in {@code <name>.key}.
 */
final class TestCertificates {
  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  static void make(Path dir) throws Exception {
    TestCertificates certificates = new TestCertificates(dir);
    certificates.ca("ca");
    certificates.ca("other-ca");
    certificates.certificate("ca", "server", "IP:127.0.0.1,DNS:localhost");
    certificates.certificate("ca", "elsewhere", "DNS:elsewhere.example");
    certificates.certificate("ca", "client", "DNS:client");
    certificates.run("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12",
        "-storetype", "PKCS12", "-storepass", "changeit");
  }

  private void ca(String name) throws Exception {
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", name + ".key",
        "-out", name + ".pem", "-subj", "/CN=" + name);
  }

  /** A certificate signed by {@code ca} for the names in {@code san}. */
  private void certificate(String ca, String name, String san) throws Exception {
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
        "-subj", "/CN=" + name);
    Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + san + "\nbasicConstraints=CA:FALSE\n");
    run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
        "-CAcreateserial", "-out", name + ".pem", "-days", "1", "-extfile", name + ".ext");
  }

  private void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("tool.log").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + Files.readString(dir.resolve("tool.log"))).isZero();
  }
}
