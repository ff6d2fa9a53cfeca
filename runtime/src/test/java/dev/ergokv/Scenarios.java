package dev.ergokv;

import java.util.List;
import java.util.Optional;

/**
 * The base of every behaviour suite: the backend it runs on, and small typed helpers. (An
 * implicitly typed lambda inside {@code assertThat(kv.read(tx -> ...))} leaves the result type
 * open while assertThat's overloads are chosen, which javac rejects as ambiguous; these helpers
 * fix the type from their Class argument.)
 */
abstract class Scenarios {

  abstract Backend backend();

  ErgoKv kv() {
    return backend().open();
  }

  static <T> Optional<T> load(ErgoKv kv, Class<T> type, Object key) {
    return kv.read(tx -> tx.load(type, key));
  }

  static <T> T stored(ErgoKv kv, Class<T> type, Object key) {
    return load(kv, type, key).orElseThrow();
  }

  static boolean exists(ErgoKv kv, Class<?> type, Object key) {
    return kv.read(tx -> tx.exists(type, key));
  }

  static <T> List<T> find(ErgoKv kv, Class<T> type, String index, Object value) {
    return kv.read(tx -> tx.find(type, index, value).toList());
  }

  static <T> List<T> all(ErgoKv kv, Class<T> type) {
    return kv.read(tx -> tx.all(type).toList());
  }

  <T> List<String> problems(ErgoKv kv, Class<T> type) {
    return Consistency.problems(backend().engine(), kv.keyspace(), type);
  }

  long keyCount(ErgoKv kv) {
    return Consistency.keyCount(backend().engine(), kv.keyspace());
  }
}
