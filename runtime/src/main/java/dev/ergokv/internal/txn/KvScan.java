package dev.ergokv.internal.txn;

import java.util.Iterator;
import java.util.Map;

/** A lazily paged, key-ordered scan; close it to stop early. */
public interface KvScan extends Iterator<Map.Entry<byte[], byte[]>>, AutoCloseable {

  @Override
  void close();
}
