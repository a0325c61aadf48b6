package io.cachegen.runtime;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the one string that says where L2 is ({@code cache.url}) into Lettuce {@link RedisURI}s, and
 * describes it without the password.
 *
 * <p>Accepted forms: {@code redis://} and {@code rediss://} (TLS) for one server,
 * {@code redis-sentinel://} and {@code rediss-sentinel://} for a Sentinel set (master name as the
 * fragment, {@code #mymaster}, or {@code ?sentinelMasterId=mymaster}), {@code redis-cluster://} and
 * {@code rediss-cluster://} for Redis Cluster; several {@code host:port} separated by commas for
 * Sentinel and Cluster. Credentials are {@code user:password@} (an ACL user) or {@code password@}
 * (the default user). Query parameters: {@code database} (or a {@code /n} path), {@code clientName},
 * {@code verifyPeer} ({@code FULL}, the default, {@code CA} or {@code NONE}) and {@code sentinelMasterId}.
 *
 * <p>The credentials end at the <em>last</em> {@code '@'} of the string, so a password may hold
 * {@code @ / : ? # + space} as they are; the user ends at the first {@code ':'}. Both are
 * percent-decoded ({@code %40} is {@code '@'}), so a {@code '%'} of the password must be written
 * {@code %25}; {@code '+'} stays a plus. A {@code '@'} after the hosts (in a query value) must be
 * written {@code %40}. Nothing of the credentials ever appears in {@link Target#describe()}, in an
 * exception message or in a log line: the text before the last {@code '@'} is never quoted.
 */
final class RedisUris {
  /** Where L2 is: the topology and how to reach it. */
  enum Topology {
    STANDALONE,
    SENTINEL,
    CLUSTER
  }

  private static final Map<String, Scheme> SCHEMES = Map.of(
      "redis", new Scheme(Topology.STANDALONE, false, 6379),
      "rediss", new Scheme(Topology.STANDALONE, true, 6379),
      "redis-sentinel", new Scheme(Topology.SENTINEL, false, 26379),
      "rediss-sentinel", new Scheme(Topology.SENTINEL, true, 26379),
      "redis-cluster", new Scheme(Topology.CLUSTER, false, 6379),
      "rediss-cluster", new Scheme(Topology.CLUSTER, true, 6379));

  private static final List<String> PARAMETERS = List.of("database", "db", "clientName", "verifyPeer", "sentinelMasterId");

  private record Scheme(Topology topology, boolean tls, int defaultPort) {}

  /** One host and port. */
  record HostAndPort(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * A parsed URI. {@link #toString()} is {@link #describe()}: no password.
   *
   * @param topology standalone, Sentinel or Cluster
   * @param tls whether connections use TLS
   * @param verifyMode how a TLS peer is checked
   * @param hosts the server (standalone), the sentinels, or the cluster seed nodes
   * @param username the ACL user, or {@code null} for the default user
   * @param password the password, or {@code null}
   * @param database the database number (0 on a cluster)
   * @param clientName the connection name, or {@code null}
   * @param sentinelMasterId the master's name in Sentinel, or {@code null}
   */
  record Target(
      Topology topology,
      String scheme,
      boolean tls,
      SslVerifyMode verifyMode,
      List<HostAndPort> hosts,
      String username,
      char[] password,
      int database,
      String clientName,
      String sentinelMasterId) {

    /** The URI as a user would write it, with {@code ****} for the password. */
    String describe() {
      StringBuilder sb = new StringBuilder(scheme).append("://");
      if (username != null || password != null) {
        if (username != null) {
          sb.append(encode(username));
          if (password != null) {
            sb.append(':');
          }
        }
        if (password != null) {
          sb.append("****");
        }
        sb.append('@');
      }
      for (int i = 0; i < hosts.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(hosts.get(i));
      }
      if (database != 0) {
        sb.append('/').append(database);
      }
      List<String> query = new ArrayList<>();
      if (clientName != null) {
        query.add("clientName=" + encode(clientName));
      }
      if (tls && verifyMode != SslVerifyMode.FULL) {
        query.add("verifyPeer=" + verifyMode);
      }
      if (!query.isEmpty()) {
        sb.append('?').append(String.join("&", query));
      }
      if (sentinelMasterId != null) {
        sb.append('#').append(encode(sentinelMasterId));
      }
      return sb.toString();
    }

    /** The Lettuce URI of the server, the Sentinel set, or the first cluster seed node. */
    RedisURI redisUri(Duration commandTimeout) {
      RedisURI.Builder builder;
      if (topology == Topology.SENTINEL) {
        HostAndPort first = hosts.get(0);
        builder = RedisURI.Builder.sentinel(first.host(), first.port(), sentinelMasterId);
        for (HostAndPort sentinel : hosts.subList(1, hosts.size())) {
          builder.withSentinel(sentinel.host(), sentinel.port());
        }
      } else {
        HostAndPort first = hosts.get(0);
        builder = RedisURI.Builder.redis(first.host(), first.port());
      }
      return finish(builder, commandTimeout);
    }

    /** One Lettuce URI per cluster seed node (or the one server). */
    List<RedisURI> seedUris(Duration commandTimeout) {
      List<RedisURI> uris = new ArrayList<>();
      for (HostAndPort seed : hosts) {
        uris.add(nodeUri(seed.host(), seed.port(), commandTimeout));
      }
      return uris;
    }

    /** The Lettuce URI of one node (a cluster master) with this target's credentials and TLS settings. */
    RedisURI nodeUri(String host, int port, Duration commandTimeout) {
      return finish(RedisURI.Builder.redis(host, port), commandTimeout);
    }

    private RedisURI finish(RedisURI.Builder builder, Duration commandTimeout) {
      builder.withTimeout(commandTimeout).withDatabase(database);
      if (tls) {
        builder.withSsl(true).withVerifyPeer(verifyMode);
      }
      if (password != null) {
        if (username != null) {
          builder.withAuthentication(username, password.clone());
        } else {
          builder.withPassword(password.clone());
        }
      }
      if (clientName != null) {
        builder.withClientName(clientName);
      }
      return builder.build();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Target t && describe().equals(t.describe()) && Arrays.equals(password, t.password);
    }

    @Override
    public int hashCode() {
      return describe().hashCode();
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  private RedisUris() {}

  /**
   * Parses {@code uri}.
   *
   * @throws IllegalArgumentException naming what is wrong; the message never holds the credentials
   */
  /** {@code uri} without its password, for messages; {@code "(invalid URI)"} if it does not parse. */
  static String redact(String uri) {
    try {
      return parse(uri).describe();
    } catch (IllegalArgumentException e) {
      return "(invalid URI)";
    }
  }

  static Target parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("the Redis URI is empty");
    }
    int schemeEnd = uri.indexOf("://");
    if (schemeEnd <= 0) {
      throw new IllegalArgumentException(
          "not a Redis URI (expected redis://, rediss://, redis-sentinel://, redis-cluster:// or rediss-cluster://)");
    }
    String schemeName = uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    Scheme scheme = SCHEMES.get(schemeName);
    if (scheme == null) {
      throw new IllegalArgumentException("unsupported Redis URI scheme \"" + safeScheme(schemeName)
          + "\" (expected redis, rediss, redis-sentinel, rediss-sentinel, redis-cluster or rediss-cluster)");
    }
    String rest = uri.substring(schemeEnd + 3);
    int at = rest.lastIndexOf('@');
    String userInfo = at < 0 ? null : rest.substring(0, at);
    String location = at < 0 ? rest : rest.substring(at + 1);
    String redacted = schemeName + "://" + (userInfo == null ? "" : "****@") + location;

    String username = null;
    char[] password = null;
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        password = decodeSecret(userInfo, "password", redacted);
      } else {
        String user = new String(decodeSecret(userInfo.substring(0, colon), "user name", redacted));
        username = user.isEmpty() ? null : user;
        password = decodeSecret(userInfo.substring(colon + 1), "password", redacted);
      }
      if (password.length == 0) {
        password = null;
      }
    }

    // The rest holds no credentials: split it as RFC 3986 does (authority, path, query, fragment).
    int fragmentStart = location.indexOf('#');
    String fragment = fragmentStart < 0 ? null : location.substring(fragmentStart + 1);
    String beforeFragment = fragmentStart < 0 ? location : location.substring(0, fragmentStart);
    int queryStart = beforeFragment.indexOf('?');
    String rawQuery = queryStart < 0 ? null : beforeFragment.substring(queryStart + 1);
    String beforeQuery = queryStart < 0 ? beforeFragment : beforeFragment.substring(0, queryStart);
    int pathStart = beforeQuery.indexOf('/');
    String authority = pathStart < 0 ? beforeQuery : beforeQuery.substring(0, pathStart);
    String path = pathStart < 0 ? "" : beforeQuery.substring(pathStart);
    for (int i = 0; i < location.length(); i++) {
      char c = location.charAt(i);
      if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|'
          || c == '}' || c >= 0x7F) {
        throw new IllegalArgumentException("illegal character '" + c + "' at index " + i + " after the credentials "
            + "in the Redis URI (percent-encode it): " + redacted);
      }
    }
    if (authority.isEmpty()) {
      throw new IllegalArgumentException("the Redis URI names no host: " + redacted);
    }
    List<HostAndPort> hosts = parseHosts(authority, scheme.defaultPort(), redacted);
    if (scheme.topology() == Topology.STANDALONE && hosts.size() > 1) {
      throw new IllegalArgumentException("a " + schemeName + ":// URI names one server; use redis-cluster:// or "
          + "redis-sentinel:// for several: " + redacted);
    }

    Map<String, String> query = parseQuery(rawQuery, redacted);
    int database = 0;
    if (!path.isEmpty() && !path.equals("/")) {
      database = parseDatabase(path.substring(1), redacted);
    }
    String db = query.containsKey("database") ? query.get("database") : query.get("db");
    if (db != null) {
      database = parseDatabase(db, redacted);
    }
    if (scheme.topology() == Topology.CLUSTER && database != 0) {
      throw new IllegalArgumentException("Redis Cluster has only database 0: " + redacted);
    }
    SslVerifyMode verifyMode = SslVerifyMode.FULL;
    String verify = query.get("verifyPeer");
    if (verify != null) {
      verifyMode = switch (verify.toUpperCase(Locale.ROOT)) {
        case "FULL", "TRUE" -> SslVerifyMode.FULL;
        case "CA" -> SslVerifyMode.CA;
        case "NONE", "FALSE" -> SslVerifyMode.NONE;
        default -> throw new IllegalArgumentException(
            "verifyPeer must be FULL, CA or NONE, not \"" + verify + "\": " + redacted);
      };
    }
    String masterId = query.get("sentinelMasterId");
    if (fragment != null && !fragment.isEmpty()) {
      masterId = percentDecode(fragment, redacted);
    }
    if (scheme.topology() == Topology.SENTINEL && (masterId == null || masterId.isEmpty())) {
      throw new IllegalArgumentException(
          "a Sentinel URI names the master, as #mymaster or ?sentinelMasterId=mymaster: " + redacted);
    }
    if (scheme.topology() != Topology.SENTINEL && masterId != null) {
      throw new IllegalArgumentException("a master name is only for redis-sentinel:// URIs: " + redacted);
    }
    return new Target(
        scheme.topology(),
        schemeName,
        scheme.tls(),
        verifyMode,
        List.copyOf(hosts),
        username,
        password,
        database,
        query.get("clientName"),
        masterId);
  }

  private static String safeScheme(String scheme) {
    return scheme.length() > 20 || !scheme.matches("[a-z0-9+.-]*") ? "?" : scheme;
  }

  private static List<HostAndPort> parseHosts(String authority, int defaultPort, String redacted) {
    List<HostAndPort> hosts = new ArrayList<>();
    for (String part : authority.split(",", -1)) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("empty host in the Redis URI: " + redacted);
      }
      String host;
      String port = null;
      if (part.startsWith("[")) {
        int close = part.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("unclosed '[' in a host of the Redis URI: " + redacted);
        }
        host = part.substring(1, close);
        String after = part.substring(close + 1);
        if (!after.isEmpty()) {
          if (!after.startsWith(":")) {
            throw new IllegalArgumentException("bad host \"" + part + "\" in the Redis URI: " + redacted);
          }
          port = after.substring(1);
        }
      } else {
        int colon = part.lastIndexOf(':');
        host = colon < 0 ? part : part.substring(0, colon);
        port = colon < 0 ? null : part.substring(colon + 1);
      }
      if (host.isEmpty()) {
        throw new IllegalArgumentException("empty host in the Redis URI: " + redacted);
      }
      int portNumber = defaultPort;
      if (port != null) {
        try {
          portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
          portNumber = -1;
        }
        if (portNumber < 1 || portNumber > 65535) {
          throw new IllegalArgumentException("bad port \"" + port + "\" in the Redis URI: " + redacted);
        }
      }
      hosts.add(new HostAndPort(percentDecode(host, redacted), portNumber));
    }
    return hosts;
  }

  private static Map<String, String> parseQuery(String rawQuery, String redacted) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), redacted);
      String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), redacted);
      if (!PARAMETERS.contains(name)) {
        throw new IllegalArgumentException("unknown parameter \"" + name + "\" in the Redis URI (known: "
            + String.join(", ", PARAMETERS) + "): " + redacted);
      }
      query.put(name, value);
    }
    return query;
  }

  private static int parseDatabase(String text, String redacted) {
    try {
      int database = Integer.parseInt(text);
      if (database >= 0) {
        return database;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("bad database number \"" + text + "\" in the Redis URI: " + redacted);
  }

  /** Percent-decodes a credential; the message of a failure names the part but never quotes it. */
  private static char[] decodeSecret(String text, String what, String redacted) {
    try {
      return decode(text).toCharArray();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + what + " in the Redis URI has a '%' that is not followed by two hex "
          + "digits; write a '%' of the " + what + " as %25: " + redacted);
    }
  }

  private static String percentDecode(String text, String redacted) {
    try {
      return decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad percent-escape in the Redis URI: " + redacted);
    }
  }

  /** Percent-decoding as RFC 3986 has it: {@code %XX} is one byte of UTF-8, {@code '+'} stays a plus. */
  private static String decode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          throw new IllegalArgumentException("truncated escape");
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad escape");
        }
        out.write(hi * 16 + lo);
        i += 3;
      } else {
        int end = i;
        while (end < text.length() && text.charAt(end) != '%') {
          end++;
        }
        byte[] bytes = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i = end;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Percent-encodes the characters that would change how a URI is read. */
  static String encode(String text) {
    StringBuilder sb = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return sb.toString();
  }
}
