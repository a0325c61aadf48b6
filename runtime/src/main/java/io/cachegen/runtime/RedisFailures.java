package io.cachegen.runtime;

import io.cachegen.runtime.L2.Failure;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.security.GeneralSecurityException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns what Lettuce throws into an {@link L2.Failure}, and tells the failures that mean "Redis refuses
 * this cache for good" (authentication, permissions, TLS verification) from outages. Messages are
 * Redis's error replies and Lettuce's connection messages, which name hosts and ports, never
 * credentials.
 */
final class RedisFailures {
  private RedisFailures() {}

  /** The failure {@code error} (from a Lettuce future) stands for. */
  static Failure of(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof RedisCommandTimeoutException || e instanceof TimeoutException) {
      return new Failure(Failure.Kind.TIMEOUT, message(e));
    }
    if (e instanceof RedisCommandExecutionException) {
      return new Failure(Failure.Kind.REFUSED, message(e));
    }
    if (e instanceof CancellationException) {
      return new Failure(Failure.Kind.DISCONNECTED, "cancelled: the connection closed");
    }
    return new Failure(Failure.Kind.DISCONNECTED, message(e));
  }

  /** Whether {@code failure} is Redis saying the user lacks a permission ({@code NOPERM}). */
  static boolean isNoPermission(Failure failure) {
    return failure != null && failure.kind() == Failure.Kind.REFUSED && isNoPermission(failure.message());
  }

  /**
   * Whether an error reply is a missing permission ({@code NOPERM}, or Redis 7.0's "The user executing the
   * script can't ..." for a command inside a script), or a command the server does not have.
   */
  static boolean isNoPermission(String message) {
    return message != null && (message.contains("NOPERM") || message.contains("The user executing the script can't")
        || message.startsWith("ERR unknown command"));
  }

  /**
   * Why a failed connection attempt means Redis refuses this cache for good, or {@code null} if it may
   * work on a later attempt (Redis down, slow, restarting).
   */
  static String refusalOf(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (e instanceof RedisCommandExecutionException) {
        if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH") || message.contains("invalid password")
            || message.contains("invalid username-password")) {
          return "authentication failed: " + message;
        }
        if (message.contains("NOPERM")) {
          return "a permission the connection needs is missing: " + message;
        }
      }
      if (e instanceof GeneralSecurityException) {
        return "TLS verification of the server failed (check the trusted CA and that the certificate names the host): "
            + e.getClass().getSimpleName() + ": " + message;
      }
      if (e instanceof SSLException) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("certificate") || m.contains("pkix") || m.contains("not an ssl/tls record")
            || m.contains("subject alternative")) {
          return "TLS verification of the server failed (check the trusted CA, the client certificate and that "
              + "the server speaks TLS on this port): " + e.getClass().getSimpleName() + ": " + message;
        }
      }
    }
    return null;
  }

  /** One line: the innermost cause's type and message. */
  static String message(Throwable error) {
    Throwable e = unwrap(error);
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (root != e && e.getMessage() != null && !e.getMessage().equals(text)) {
      return e.getMessage() + " (" + text + ")";
    }
    return text;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
