package dev.ergokv.localcluster.internal.probe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.util.BackOffer;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.txn.TwoPhaseCommitter;

/**
 * The real {@link TransactionCheck}: opens a short-lived {@link TiSession}, commits one key,
 * reads it back at a later timestamp, then commits its deletion, so the probe leaves no visible
 * data behind. Each attempt uses a fresh key and a short lock TTL: a failed attempt cannot block
 * the next one behind its lock.
 */
public final class ClientTransactionCheck implements TransactionCheck {

  /** Readiness keys start with this; nothing else in ErgoKV writes under it. */
  public static final String KEY_PREFIX = "\u0000ergokv-localcluster-ready-";

  private static final long LOCK_TTL_MILLIS = 3_000;
  private static final Duration CALL_LIMIT = Duration.ofSeconds(2);

  @Override
  @SuppressWarnings("try") // TiSession.close() may throw InterruptedException; we let it propagate.
  public void run(List<String> pdEndpoints, Map<String, String> hostMapping, Duration budget)
      throws Exception {
    TiConfiguration conf = TiConfiguration.createDefault(String.join(",", pdEndpoints));
    long callMillis = Math.max(100, Math.min(budget.toMillis(), CALL_LIMIT.toMillis()));
    conf.setTimeout(callMillis);
    conf.setPdFirstGetMemberTimeout(callMillis);
    if (!hostMapping.isEmpty()) {
      conf.setHostMapping(new ClientHostMapping(hostMapping));
    }
    int backOffMillis = (int) Math.max(100, Math.min(budget.toMillis(), Integer.MAX_VALUE));
    byte[] key = (KEY_PREFIX + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    byte[] value = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    try (TiSession session = TiSession.create(conf)) {
      commit(session, key, value, backOffMillis);
      byte[] read = session.createSnapshot().get(key);
      if (!Arrays.equals(read, value)) {
        throw new IllegalStateException(
            "committed "
                + value.length
                + " bytes but read back "
                + (read == null ? "null" : read.length + " bytes")
                + " for the readiness key");
      }
      // An empty value is committed as a delete by tikv-client-java.
      commit(session, key, new byte[0], backOffMillis);
    }
  }

  @SuppressWarnings("try") // as above, for TwoPhaseCommitter.close()
  private static void commit(TiSession session, byte[] key, byte[] value, int backOffMillis)
      throws Exception {
    long startTs = session.getTimestamp().getVersion();
    try (TwoPhaseCommitter committer = new TwoPhaseCommitter(session, startTs, LOCK_TTL_MILLIS)) {
      BackOffer backOffer = ConcreteBackOffer.newCustomBackOff(backOffMillis);
      committer.prewritePrimaryKey(backOffer, key, value);
      long commitTs = session.getTimestamp().getVersion();
      committer.commitPrimaryKey(backOffer, key, commitTs);
    }
  }
}
