package dev.ergokv.migrate;

import dev.ergokv.ErgoKv;
import dev.ergokv.internal.keys.KeyRange;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a keyspace straight from the engine, bypassing the entity layer. */
final class RawKeys {

  private RawKeys() {}

  /**
   * Every key of the keyspace of {@code kv} except migration state, rendered without the keyspace,
   * e.g. {@code E/"Person"/1} or {@code U/"Person"/"email"/"a@example.com"}.
   */
  static List<String> data(KvEngine engine, ErgoKv kv) {
    List<String> keys = new ArrayList<>();
    for (byte[] key : all(engine, kv.keyspace()).keySet().stream().map(Hex::decode).toList()) {
      String text = withoutKeyspace(key);
      if (!text.startsWith("M/")) {
        keys.add(text);
      }
    }
    return keys;
  }

  /** Every key of a keyspace (hex) with its value, in key order. */
  static Map<String, byte[]> all(KvEngine engine, String keyspace) {
    KeyRange range = KeySpace.of(keyspace).range();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (KvTransaction tx = engine.beginReadOnly();
        KvScan scan = tx.scan(range.start(), range.end(), 512, Long.MAX_VALUE)) {
      scan.forEachRemaining(e -> entries.put(Hex.encode(e.getKey()), e.getValue()));
    }
    return entries;
  }

  /** Every key of a keyspace with the keyspace prefix removed (hex), with its value. */
  static Map<String, String> relative(KvEngine engine, String keyspace) {
    int prefix = KeySpace.of(keyspace).prefix().length;
    Map<String, String> entries = new LinkedHashMap<>();
    all(engine, keyspace)
        .forEach((key, value) -> entries.put(key.substring(prefix * 2), Hex.encode(value)));
    return entries;
  }

  /** The stored value of one entity, or null. */
  static byte[] value(KvEngine engine, byte[] key) {
    try (KvTransaction tx = engine.beginReadOnly()) {
      return tx.get(key).orElse(null);
    }
  }

  /** Writes raw bytes under a key (to plant corrupt values). */
  static void put(KvEngine engine, byte[] key, byte[] value) {
    try (KvTransaction tx = engine.begin()) {
      tx.put(key, value);
      tx.commit();
    }
  }

  static String withoutKeyspace(byte[] key) {
    String text = KeySpace.describe(key);
    int slash = text.indexOf("\"/");
    return text.substring(slash + 2);
  }

  /** Hex without separators. */
  static final class Hex {
    static String encode(byte[] bytes) {
      StringBuilder text = new StringBuilder(bytes.length * 2);
      for (byte b : bytes) {
        text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return text.toString();
    }

    static byte[] decode(String hex) {
      byte[] bytes = new byte[hex.length() / 2];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
      }
      return bytes;
    }
  }
}
