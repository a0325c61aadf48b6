package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link ValueCodec}: Jackson 3 JSON, written and read with the exact {@link TypeRef}.
 *
 * <p>No default typing and no class names in the payload: what is decoded is always the type the
 * caller asked for, so a value planted in Redis can never make the application instantiate a class of
 * the attacker's choosing. Unknown properties are ignored, so that adding a field to a record does not
 * turn every cached entry into a miss; a missing primitive or a {@code null} where a primitive is
 * expected fails, so the entry is treated as a miss rather than read as zero.
 */
public final class JacksonValueCodec implements ValueCodec {

  private final ObjectMapper mapper;
  private final ConcurrentHashMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Type, ObjectWriter> writers = new ConcurrentHashMap<>();

  /** A codec with cachegen's defaults. */
  public JacksonValueCodec() {
    this(
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build());
  }

  /**
   * A codec over the caller's mapper, for custom modules or naming strategies. The mapper must not
   * enable default typing.
   */
  public JacksonValueCodec(ObjectMapper mapper) {
    this.mapper = requireNonNull(mapper, "mapper");
  }

  @Override
  public byte[] encode(Object value, TypeRef<?> type) {
    return writers.computeIfAbsent(type.type(), t -> mapper.writerFor(javaType(t))).writeValueAsBytes(value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T decode(byte[] bytes, TypeRef<T> type) {
    return (T) readers.computeIfAbsent(type.type(), t -> mapper.readerFor(javaType(t))).readValue(bytes);
  }

  private JavaType javaType(Type type) {
    return mapper.getTypeFactory().constructType(type);
  }
}
