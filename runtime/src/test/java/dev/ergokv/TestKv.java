package dev.ergokv;

import dev.ergokv.internal.txn.KvEngine;
import java.util.function.UnaryOperator;

/** Opens an ErgoKv over any engine (a test wrapper around a backend's), left open on close. */
public final class TestKv {

  private TestKv() {}

  /** An ErgoKv on {@code engine} in {@code keyspace}; closing it does not close the engine. */
  public static ErgoKv on(KvEngine engine, String keyspace, UnaryOperator<ErgoKv.Builder> settings) {
    return settings.apply(ErgoKv.builder().keyspace(keyspace)).buildOn(engine, false);
  }
}
