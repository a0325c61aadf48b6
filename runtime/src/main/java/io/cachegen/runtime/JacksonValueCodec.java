package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
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
 * the attacker's choosing.
 *
 * <p>Reading is strict, so that bytes that are not a value of the type fail (and the cache treats them
 * as a miss) instead of being read as a value of zeros and nulls: an unknown property, a missing
 * creator property (a record component), {@code null} or nothing for a primitive, a fraction for an
 * integer ({@code 1.9} as an {@code int}), a number or boolean for a text ({@code 123} as a
 * {@code String}), text for a number, an empty text for an object, and anything after the value, each
 * fail. A value cached by an older or newer version of a record (a component added or removed) is
 * therefore a miss, and is loaded again.
 */
public final class JacksonValueCodec implements ValueCodec {

  private final ObjectMapper mapper;
  private final ConcurrentHashMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Type, ObjectWriter> writers = new ConcurrentHashMap<>();

  /** A codec with cachegen's defaults. */
  public JacksonValueCodec() {
    this(
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build());
  }

  /**
   * A codec over the caller's mapper, for custom modules or naming strategies. The mapper must not
   * enable default typing; it should be as strict as the default one (see the class documentation), or a
   * value of another shape may be read as zeros and nulls.
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
