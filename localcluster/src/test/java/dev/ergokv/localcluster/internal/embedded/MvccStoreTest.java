package dev.ergokv.localcluster.internal.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.com.google.protobuf.ByteString;

/** The storage engine alone, without gRPC. */
class MvccStoreTest {

  private final MvccStore store = new MvccStore();
  private final HybridClock clock = new HybridClock();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private long commit(String key, String value) {
    long startTs = clock.next(1);
    List<Kvrpcpb.KeyError> errors =
        store.prewrite(
            Kvrpcpb.PrewriteRequest.newBuilder()
                .setStartVersion(startTs)
                .setPrimaryLock(ByteString.copyFromUtf8(key))
                .setLockTtl(3_000)
                .setMinCommitTs(startTs)
                .addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put)
                    .setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value)))
                .build()).errors;
    assertThat(errors).isEmpty();
    long commitTs = clock.next(1);
    assertThat(store.commit(List.of(b(key)), startTs, commitTs)).isNull();
    return commitTs;
  }

  @Test
  void aHotKeyKeepsEveryVersionReadableAtItsTimestamp() {
    List<Long> commits = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      commits.add(commit("hot", "v" + i));
    }

    for (int i = 0; i < commits.size(); i += 997) {
      assertThat(store.get(b("hot"), commits.get(i), MvccStore.ReadOptions.SNAPSHOT)).isEqualTo(b("v" + i));
      assertThat(store.get(b("hot"), commits.get(i) - 1, MvccStore.ReadOptions.SNAPSHOT))
          .isEqualTo(i == 0 ? null : b("v" + (i - 1)));
    }
  }

  @Test
  void concurrentWritersOnDisjointKeysAndReadersSeeOnlyCommittedValues() throws Exception {
    int writers = 4;
    int perWriter = 500;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            commit("w" + id, Integer.toString(i));
          }
        }));
      }
      futures.add(pool.submit(() -> {
        int[] last = new int[writers];
        java.util.Arrays.fill(last, -1);
        for (int round = 0; round < 2_000; round++) {
          for (int w = 0; w < writers; w++) {
            byte[] value;
            try {
              value = store.get(b("w" + w), clock.next(1), MvccStore.ReadOptions.SNAPSHOT);
            } catch (KeyErrorException locked) {
              continue; // a prewrite in flight older than the read: the client would resolve it
            }
            int seen = value == null ? -1 : Integer.parseInt(new String(value, StandardCharsets.UTF_8));
            assertThat(seen).as("a later snapshot never sees an older value").isGreaterThanOrEqualTo(last[w]);
            last[w] = seen;
          }
        }
      }));
      for (Future<?> f : futures) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    for (int w = 0; w < writers; w++) {
      assertThat(store.get(b("w" + w), clock.next(1), MvccStore.ReadOptions.SNAPSHOT))
          .isEqualTo(b(Integer.toString(perWriter - 1)));
    }
    assertThat(store.lockedKeys()).isEmpty();
  }
}
