package io.cachegen.runtime;

import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bytes cachegen stores in Redis under a cache key: a value envelope or a lease
 * ({@code docs/freshness-protocol.md} §3). Anything else under a key is garbage: a miss.
 *
 * <pre>
 * value:  0xC7 0x01 | fingerprint (8) | flags (1) | n (1) | n × (boundary (2), token (8)) | payload
 * lease:  0xC8 0x01 | 16 random bytes
 * </pre>
 *
 * The fingerprint names the value's exact type ({@link TypeRef#fingerprint()}); the stamps are the
 * tokens of the key's groups when its load began; the payload is the codec's encoding ({@code null}
 * values have the {@link #NULL_VALUE} flag and an empty payload).
 */
final class Envelope {
  static final byte VALUE_MAGIC = (byte) 0xC7;
  static final byte LEASE_MAGIC = (byte) 0xC8;
  static final byte VERSION = 1;
  static final int LEASE_LENGTH = 18;
  /** Flag: the value is {@code null} (cached only for methods that cache nulls). */
  static final int NULL_VALUE = 1;
  /** The fingerprint of bytes stored through the byte-level API ({@link TieredCache#set}). */
  static final long BYTES = TypeRef.of(byte[].class).fingerprint();

  private static final int HEADER = 12;
  private static final int STAMP = 10;

  private Envelope() {}

  /** The bytes an envelope adds to a payload, for a key in {@code groups} groups. */
  static int overhead(int groups) {
    return HEADER + groups * STAMP;
  }

  /** A value of the type with {@code fingerprint}, stamped with its groups' tokens. */
  static byte[] value(long fingerprint, boolean isNull, int[] boundaries, long[] tokens, byte[] payload) {
    int n = boundaries.length;
    if (n > 255) {
      throw new IllegalArgumentException("a key in more than 255 groups");
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER + n * STAMP + payload.length);
    b.put(VALUE_MAGIC).put(VERSION).putLong(fingerprint).put((byte) (isNull ? NULL_VALUE : 0)).put((byte) n);
    for (int i = 0; i < n; i++) {
      b.putShort((short) boundaries[i]).putLong(tokens[i]);
    }
    return b.put(payload).array();
  }

  /** A new lease: its magic and 16 bytes from {@code random}. */
  static byte[] lease(long high, long low) {
    return ByteBuffer.allocate(LEASE_LENGTH).put(LEASE_MAGIC).put(VERSION).putLong(high).putLong(low).array();
  }

  static boolean isLease(byte[] bytes) {
    return bytes.length == LEASE_LENGTH && bytes[0] == LEASE_MAGIC && bytes[1] == VERSION;
  }

  /** The parsed value, or {@code null} if {@code bytes} are not a value envelope of this version. */
  static Value parse(byte[] bytes) {
    if (bytes.length < HEADER || bytes[0] != VALUE_MAGIC || bytes[1] != VERSION) {
      return null;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      b.position(2);
      long fingerprint = b.getLong();
      int flags = b.get();
      int n = b.get() & 0xFF;
      int[] boundaries = new int[n];
      long[] tokens = new long[n];
      for (int i = 0; i < n; i++) {
        boundaries[i] = b.getShort() & 0xFFFF;
        tokens[i] = b.getLong();
      }
      return new Value(fingerprint, (flags & NULL_VALUE) != 0, boundaries, tokens, bytes, b.position());
    } catch (BufferUnderflowException e) {
      return null;
    }
  }

  /** The SHA-1 of {@code bytes}, which {@code READ} compares with {@code redis.sha1hex} of a dead value. */
  static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /** A parsed value envelope; the payload is a view of the original bytes. */
  record Value(long fingerprint, boolean isNull, int[] boundaries, long[] tokens, byte[] bytes, int payloadOffset) {
    /** The token stamped for the group ending at {@code boundary}, or {@code null} if none was. */
    Long stamp(int boundary) {
      for (int i = 0; i < boundaries.length; i++) {
        if (boundaries[i] == boundary) {
          return tokens[i];
        }
      }
      return null;
    }

    byte[] payload() {
      byte[] payload = new byte[bytes.length - payloadOffset];
      System.arraycopy(bytes, payloadOffset, payload, 0, payload.length);
      return payload;
    }

    int payloadLength() {
      return bytes.length - payloadOffset;
    }
  }
}
