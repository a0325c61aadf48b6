package io.cachegen.runtime;

import io.cachegen.runtime.internal.KeyParts;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and checks what travels on the channels: invalidation messages (JSON) and heartbeats, signed
 * with HMAC-SHA256 when a shared secret is configured. Anyone allowed to publish on the channel can
 * make instances drop L1 entries; with a secret, only holders of the secret can. A message that is too
 * large, malformed, or unsigned while a secret is set is rejected with a reason.
 */
final class BusCodec {
  /** The largest message a receiver reads: 1 MiB. Senders split larger invalidations. */
  static final int MAX_MESSAGE_BYTES = 1 << 20;
  /** The most keys plus groups one message carries. */
  static final int MAX_ENTRIES = 5_000;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAC_LENGTH = 44; // base64 of 32 bytes

  private final SecretKeySpec secret;

  /** A codec that signs with {@code secret}, or signs nothing when it is {@code null}. */
  BusCodec(byte[] secret) {
    this.secret = secret == null ? null : new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  byte[] encode(BusMessage message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", 1);
    node.put("s", message.sender());
    ArrayNode keys = node.putArray("k");
    message.keys().forEach(keys::add);
    ArrayNode groups = node.putArray("g");
    message.groups().forEach(groups::add);
    if (message.era()) {
      node.put("era", true);
    }
    return sign(JSON.writeValueAsBytes(node));
  }

  /** Decodes and checks a message; throws {@link Rejected} saying why it is not one. */
  BusMessage decode(byte[] payload) throws Rejected {
    byte[] json = verify(payload);
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new Rejected("not JSON");
    }
    if (node == null || !node.isObject() || node.path("v").asInt(0) != 1) {
      throw new Rejected("not a version 1 message");
    }
    JsonNode sender = node.get("s");
    if (sender == null || !sender.isTextual() || sender.asText().isEmpty() || sender.asText().length() > 64) {
      throw new Rejected("no sender");
    }
    List<String> keys = strings(node.get("k"), "k");
    List<String> groups = strings(node.get("g"), "g");
    if (keys.size() + groups.size() > MAX_ENTRIES) {
      throw new Rejected("more than " + MAX_ENTRIES + " keys and groups");
    }
    JsonNode era = node.get("era");
    if (era != null && !era.isBoolean()) {
      throw new Rejected("era is not a boolean");
    }
    if (keys.isEmpty() && groups.isEmpty() && (era == null || !era.asBoolean())) {
      throw new Rejected("names nothing");
    }
    return new BusMessage(sender.asText(), keys, groups, era != null && era.asBoolean());
  }

  /** A heartbeat payload, signed if a secret is set. */
  byte[] heartbeat(String text) {
    return sign(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The text of a heartbeat payload; throws {@link Rejected} if it is not one. */
  String heartbeatText(byte[] payload) throws Rejected {
    byte[] text = verify(payload);
    if (text.length > 64) {
      throw new Rejected("not a heartbeat");
    }
    return new String(text, StandardCharsets.UTF_8);
  }

  private static List<String> strings(JsonNode node, String field) throws Rejected {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new Rejected(field + " is not an array");
    }
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      if (!element.isTextual() || !KeyParts.isWellFormed(element.asText())) {
        throw new Rejected(field + " holds something other than text");
      }
      out.add(element.asText());
    }
    return out;
  }

  private byte[] sign(byte[] body) {
    if (secret == null) {
      return body;
    }
    byte[] mac = Base64.getEncoder().encode(mac(body));
    byte[] out = new byte[mac.length + 1 + body.length];
    System.arraycopy(mac, 0, out, 0, mac.length);
    out[mac.length] = '.';
    System.arraycopy(body, 0, out, mac.length + 1, body.length);
    return out;
  }

  private byte[] verify(byte[] payload) throws Rejected {
    if (payload.length > MAX_MESSAGE_BYTES) {
      throw new Rejected("larger than " + MAX_MESSAGE_BYTES + " bytes");
    }
    if (secret == null) {
      return payload;
    }
    if (payload.length < MAC_LENGTH + 1 || payload[MAC_LENGTH] != '.') {
      throw new Rejected("not signed");
    }
    byte[] body = new byte[payload.length - MAC_LENGTH - 1];
    System.arraycopy(payload, MAC_LENGTH + 1, body, 0, body.length);
    byte[] given;
    try {
      given = Base64.getDecoder().decode(new String(payload, 0, MAC_LENGTH, StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException e) {
      throw new Rejected("not signed");
    }
    if (!MessageDigest.isEqual(given, mac(body))) {
      throw new Rejected("signed with another secret");
    }
    return body;
  }

  private byte[] mac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is in every JDK", e);
    }
  }

  /** Why a payload was not accepted. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }
}
