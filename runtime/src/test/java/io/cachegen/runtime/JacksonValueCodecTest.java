package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JacksonValueCodecTest {
  record Stock(String sku, int qty) {}

  record Pa(String name, int qty) {}

  record Pb(String city, int capacity) {}

  private final JacksonValueCodec codec = new JacksonValueCodec();

  private <T> T decode(String json, TypeRef<T> type) {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8), type);
  }

  @Test
  void valuesRoundTripWithTheirExactGenericType() {
    TypeRef<Map<String, List<Stock>>> type = new TypeRef<>() {};
    Map<String, List<Stock>> value = Map.of("a", List.of(new Stock("s", 3)));
    assertThat(codec.decode(codec.encode(value, type), type)).isEqualTo(value);
  }

  @Test
  void anEmptyObjectIsNotARecordOfZerosAndNulls() {
    assertThatThrownBy(() -> decode("{}", TypeRef.of(Stock.class))).isInstanceOf(RuntimeException.class);
  }

  @Test
  void aValueOfAnotherRecordTypeDoesNotDecode() {
    byte[] pa = codec.encode(new Pa("apple", 3), TypeRef.of(Pa.class));
    assertThatThrownBy(() -> codec.decode(pa, TypeRef.of(Pb.class))).isInstanceOf(RuntimeException.class);
  }

  @Test
  void unknownAndMissingPropertiesFail() {
    assertThatThrownBy(() -> decode("{\"sku\":\"s\",\"qty\":1,\"extra\":2}", TypeRef.of(Stock.class)))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> decode("{\"sku\":\"s\"}", TypeRef.of(Stock.class))).isInstanceOf(RuntimeException.class);
  }

  @Test
  void lossyCoercionsFail() {
    assertThatThrownBy(() -> decode("1.9", TypeRef.of(Integer.class))).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> decode("{\"sku\":\"s\",\"qty\":1.9}", TypeRef.of(Stock.class))).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> decode("123", TypeRef.of(String.class))).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> decode("true", TypeRef.of(String.class))).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> decode("\"123\"", TypeRef.of(Integer.class))).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> decode("{\"sku\":\"s\",\"qty\":null}", TypeRef.of(Stock.class))).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> decode("\"\"", TypeRef.of(Stock.class))).isInstanceOf(RuntimeException.class);
  }

  @Test
  void trailingBytesFail() {
    assertThatThrownBy(() -> decode("{\"sku\":\"s\",\"qty\":1} x", TypeRef.of(Stock.class))).isInstanceOf(RuntimeException.class);
  }

  @Test
  void exactValuesStillDecode() {
    assertThat(decode("{\"sku\":\"s\",\"qty\":1}", TypeRef.of(Stock.class))).isEqualTo(new Stock("s", 1));
    assertThat(decode("{\"sku\":null,\"qty\":1}", TypeRef.of(Stock.class))).isEqualTo(new Stock(null, 1));
    assertThat(decode("\"text\"", TypeRef.of(String.class))).isEqualTo("text");
    assertThat(decode("7", TypeRef.of(Long.class))).isEqualTo(7L);
    assertThat(decode("2.5", TypeRef.of(Double.class))).isEqualTo(2.5);
    assertThat(decode("null", TypeRef.of(Stock.class))).isNull();
  }
}
