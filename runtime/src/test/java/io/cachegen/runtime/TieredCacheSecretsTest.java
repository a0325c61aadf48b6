package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.testing.RedisServerExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Passwords with {@code @ / : ? # % + space} in {@code TieredCache}'s Redis URI work, and never show in
 * anything a user can see: the log at every level of the cache's loggers (TRACE) and Lettuce's (DEBUG),
 * {@code toString()}, {@code health().detail()}, {@code stats()}, {@code CacheConfig.toString()}, exception
 * messages and stack traces, for right and wrong passwords of an ACL user and of the default user
 * ({@code requirepass}), and for malformed URIs. The caches run in a child JVM ({@link SecretsMain}) whose
 * whole output is searched.
 */
class TieredCacheSecretsTest {
  private static final String ADMIN_PASSWORD = "admin-only-for-the-test";
  /** Each holds one special character between two fragments that appear nowhere else. */
  private static final List<String> PASSWORDS = List.of(
      "Kx7@Qz9-1", "Kx7/Qz9-2", "Kx7:Qz9-3", "Kx7?Qz9-4", "Kx7#Qz9-5", "Kx7%Qz9-6", "Kx7+Qz9-7", "Kx7 Qz9-8",
      "Kx7@/:?#%+ Qz9-9");

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static String encode(String password) {
    return URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void passwordsWithSpecialCharacters_work_andNeverShow_rightOrWrong_aclUserOrRequirepass_orInAMalformedUri()
      throws Exception {
    redis.command("ACL", "SETUSER", "admin", "on", ">" + ADMIN_PASSWORD, "~*", "&*", "+@all");
    for (int i = 0; i < PASSWORDS.size(); i++) {
      redis.command("ACL", "SETUSER", "app" + (i + 1), "reset", "on", ">" + PASSWORDS.get(i), "~*", "&*", "+@all");
    }
    List<String> args = new ArrayList<>(List.of(Integer.toString(redis.port()), ADMIN_PASSWORD));
    args.addAll(PASSWORDS);
    ChildJvm.Outcome child;
    try {
      child = ChildJvm.run(SecretsMain.class, List.of(
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
              "-Dorg.slf4j.simpleLogger.log.io.lettuce=debug",
              "-Dorg.slf4j.simpleLogger.log.io.netty=info"),
          args, 600);
    } finally {
      redis.server().pipeline(List.of("AUTH", "admin", ADMIN_PASSWORD), List.of("ACL", "SETUSER", "default", "nopass"));
    }

    assertThat(child.exitCode()).isZero();
    assertThat(child.lines("RESULT done")).hasSize(1);
    for (int n = 1; n <= PASSWORDS.size(); n++) {
      String p = "RESULT " + n + " ";
      assertThat(child.lines(p + "acl user, encoded:")).containsExactly(p + "acl user, encoded: UP value " + n);
      assertThat(child.lines(p + "acl user, wrong password:"))
          .containsExactly(p + "acl user, wrong password: REFUSED value " + n);
      assertThat(child.lines(p + "requirepass, encoded:")).containsExactly(p + "requirepass, encoded: UP value " + n);
      assertThat(child.lines(p + "requirepass, empty user:")).containsExactly(p + "requirepass, empty user: UP value " + n);
      assertThat(child.lines(p + "requirepass, wrong password:"))
          .containsExactly(p + "requirepass, wrong password: REFUSED value " + n);
      assertThat(child.lines(p + "malformed:")).isNotEmpty().allMatch(line -> line.endsWith("rejected"));
      if (!PASSWORDS.get(n - 1).contains("%")) {
        assertThat(child.lines(p + "acl user, as written:")).containsExactly(p + "acl user, as written: UP value " + n);
      }
    }

    String everything = child.output();
    assertThat(everything).contains("app1:****@127.0.0.1").contains("authentication failed")
        .contains("IllegalArgumentException").contains("(invalid URI)");
    for (String password : PASSWORDS) {
      String wrong = password.replace('-', '_');
      for (String secret : List.of(password, encode(password), wrong, encode(wrong))) {
        assertThat(everything).as("output holds a password").doesNotContain(secret);
      }
    }
    // Nor any part of one (as "****@ret@127.0.0.1" once showed the part after an '@').
    assertThat(everything).doesNotContain("Kx7").doesNotContain("Qz9");
    System.out.println("FIGURE: secrets: " + everything.length() + " characters of output (cache loggers at TRACE, "
        + "Lettuce at DEBUG) searched for " + PASSWORDS.size() + " passwords, right and wrong, encoded and not: 0 found");
  }
}
