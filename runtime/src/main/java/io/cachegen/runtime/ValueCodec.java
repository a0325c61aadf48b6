package io.cachegen.runtime;

/**
 * Turns values into the bytes stored in Redis and back. The default is {@link JacksonValueCodec}: JSON
 * decoded with the exact type, no class names in the payload.
 *
 * <p>Implementations must be thread-safe. {@link #decode} may throw any runtime exception for bytes it
 * cannot read; the cache then counts a decode failure, removes the entry and treats it as a miss.
 */
public interface ValueCodec {

  /**
   * Encodes {@code value}, which is an instance of {@code type} or {@code null}.
   *
   * @throws RuntimeException if the value cannot be encoded
   */
  byte[] encode(Object value, TypeRef<?> type);

  /**
   * Decodes bytes written by {@link #encode} (or by anyone else) as {@code type}.
   *
   * @throws RuntimeException if the bytes are not a valid {@code type}
   */
  <T> T decode(byte[] bytes, TypeRef<T> type);
}
