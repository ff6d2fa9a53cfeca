package dev.ergokv.localcluster.embedded;

import dev.ergokv.localcluster.LocalClusterOptions;
import static dev.ergokv.localcluster.embedded.TxnDriver.bs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tikv.common.TiSession;
import org.tikv.common.exception.RawCASConflictException;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.raw.RawKVClient;
import org.tikv.shade.com.google.protobuf.ByteString;

/** The raw client against the embedded cluster (API v1 with TTL). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawClientConformanceTest {

  private LocalCluster cluster;
  private EmbeddedCluster embedded;
  private TiSession session;
  private RawKVClient raw;

  @BeforeAll
  void start() {
    cluster = LocalCluster.start(LocalClusterOptions.defaults());
    embedded = cluster.embedded().orElseThrow();
    session = ClientSessions.raw(cluster);
    raw = session.createRawClient();
  }

  @AfterAll
  void stop() throws Exception {
    if (session != null) {
      session.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void putThenGetReturnsTheValueAndAMissingKeyIsEmpty() {
    raw.put(bs("raw/put"), bs("v"));

    assertThat(raw.get(bs("raw/put")).map(ByteString::toStringUtf8)).contains("v");
    assertThat(raw.get(bs("raw/absent"))).isEmpty();
  }

  @Test
  void deleteRemovesTheKey() {
    raw.put(bs("raw/del"), bs("v"));
    raw.delete(bs("raw/del"));

    assertThat(raw.get(bs("raw/del"))).isEmpty();
  }

  @Test
  void batchPutThenBatchGetOmitsMissingKeys() {
    Map<ByteString, ByteString> pairs = new LinkedHashMap<>();
    pairs.put(bs("raw/batch/a"), bs("1"));
    pairs.put(bs("raw/batch/c"), bs("3"));
    raw.batchPut(pairs);

    List<Kvrpcpb.KvPair> got = raw.batchGet(mutable(bs("raw/batch/a"), bs("raw/batch/b"), bs("raw/batch/c")));

    assertThat(got).extracting(p -> p.getKey().toStringUtf8()).containsExactlyInAnyOrder("raw/batch/a", "raw/batch/c");
  }

  @Test
  void batchDeleteRemovesAllGivenKeys() {
    raw.batchPut(Map.of(bs("raw/bd/1"), bs("1"), bs("raw/bd/2"), bs("2"), bs("raw/bd/3"), bs("3")));
    raw.batchDelete(mutable(bs("raw/bd/1"), bs("raw/bd/3")));

    assertThat(raw.scan(bs("raw/bd/"), bs("raw/bd0"))).extracting(p -> p.getKey().toStringUtf8()).containsExactly("raw/bd/2");
  }

  @Test
  void scanHonoursEndKeyLimitAndKeyOnly() {
    for (int i = 0; i < 10; i++) {
      raw.put(bs("raw/scan/" + i), bs("v" + i));
    }

    assertThat(raw.scan(bs("raw/scan/3"), bs("raw/scan/6"))).extracting(p -> p.getKey().toStringUtf8())
        .containsExactly("raw/scan/3", "raw/scan/4", "raw/scan/5");
    assertThat(raw.scan(bs("raw/scan/"), 4)).extracting(p -> p.getKey().toStringUtf8())
        .containsExactly("raw/scan/0", "raw/scan/1", "raw/scan/2", "raw/scan/3");
    assertThat(raw.scan(bs("raw/scan/"), bs("raw/scan0"), true))
        .hasSize(10)
        .allSatisfy(p -> assertThat(p.getValue().isEmpty()).isTrue());
  }

  @Test
  void deleteRangeRemovesExactlyTheRange() {
    for (int i = 0; i < 5; i++) {
      raw.put(bs("raw/dr/" + i), bs("v"));
    }
    raw.deleteRange(bs("raw/dr/1"), bs("raw/dr/4"));

    assertThat(raw.scan(bs("raw/dr/"), bs("raw/dr0"))).extracting(p -> p.getKey().toStringUtf8())
        .containsExactly("raw/dr/0", "raw/dr/4");
  }

  @Test
  void keyWithTtlExpiresWhenTheClockPassesIt() {
    raw.put(bs("raw/ttl"), bs("v"), 60);
    Optional<Long> ttl = raw.getKeyTTL(bs("raw/ttl"));
    assertThat(ttl).isPresent();
    assertThat(ttl.get()).isBetween(58L, 60L);
    raw.put(bs("raw/no-ttl"), bs("v"));
    assertThat(raw.getKeyTTL(bs("raw/no-ttl"))).contains(0L);

    embedded.advanceClock(Duration.ofSeconds(61));

    assertThat(raw.get(bs("raw/ttl"))).isEmpty();
    assertThat(raw.getKeyTTL(bs("raw/ttl"))).isEmpty();
    assertThat(raw.get(bs("raw/no-ttl"))).isPresent();
  }

  @Test
  void compareAndSetSwapsOnlyWhenThePreviousValueMatches() {
    raw.compareAndSet(bs("raw/cas"), Optional.empty(), bs("1"));
    raw.compareAndSet(bs("raw/cas"), Optional.of(bs("1")), bs("2"));

    assertThatThrownBy(() -> raw.compareAndSet(bs("raw/cas"), Optional.of(bs("1")), bs("3")))
        .isInstanceOfSatisfying(
            RawCASConflictException.class,
            e -> assertThat(e.getPrevValue().map(ByteString::toStringUtf8)).contains("2"));
    assertThat(raw.get(bs("raw/cas")).map(ByteString::toStringUtf8)).contains("2");
  }

  @Test
  void putIfAbsentReturnsTheExistingValueAndKeepsIt() {
    assertThat(raw.putIfAbsent(bs("raw/pia"), bs("first"))).isEmpty();

    assertThat(raw.putIfAbsent(bs("raw/pia"), bs("second")).map(ByteString::toStringUtf8)).contains("first");
    assertThat(raw.get(bs("raw/pia")).map(ByteString::toStringUtf8)).contains("first");
  }

  @Test
  void concurrentCompareAndSetIncrementsEndExact() throws Exception {
    raw.put(bs("raw/counter"), bs("0"));
    int threads = 4;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> conflicts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        conflicts.add(pool.submit(() -> {
          int lost = 0;
          for (int i = 0; i < perThread; i++) {
            while (true) {
              ByteString current = raw.get(bs("raw/counter")).orElseThrow();
              ByteString next = bs(Integer.toString(Integer.parseInt(current.toStringUtf8()) + 1));
              try {
                raw.compareAndSet(bs("raw/counter"), Optional.of(current), next);
                break;
              } catch (RawCASConflictException e) {
                lost++;
              }
            }
          }
          return lost;
        }));
      }
      for (Future<Integer> f : conflicts) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(raw.get(bs("raw/counter")).map(ByteString::toStringUtf8)).contains(Integer.toString(threads * perThread));
  }

  /** The client sorts the key lists it is given in place. */
  private static List<ByteString> mutable(ByteString... keys) {
    return new ArrayList<>(List.of(keys));
  }
}
