package dev.ergokv.junit;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.tikv.common.TiSession;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.txn.TwoPhaseCommitter;

/** One-key reads and writes through the raw client, for fixtures that check what a cluster holds. */
// TwoPhaseCommitter.close() declares Exception; try-with-resources is still right.
@SuppressWarnings("try")
final class Kv {

  private static final int BACKOFF_MS = 5_000;

  private Kv() {}

  static void put(TiSession session, String key, String value) throws Exception {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    long startTs = session.getTimestamp().getVersion();
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs)) {
      committer.prewritePrimaryKey(
          ConcreteBackOffer.newCustomBackOff(BACKOFF_MS), k, value.getBytes(StandardCharsets.UTF_8));
      long commitTs = session.getTimestamp().getVersion();
      committer.commitPrimaryKey(ConcreteBackOffer.newCustomBackOff(BACKOFF_MS), k, commitTs);
    }
  }

  /** The value, or empty: the client reads a missing key as an empty value. */
  static Optional<String> get(TiSession session, String key) {
    byte[] value = session.createSnapshot().get(key.getBytes(StandardCharsets.UTF_8));
    return value == null || value.length == 0
        ? Optional.empty()
        : Optional.of(new String(value, StandardCharsets.UTF_8));
  }
}
