package dev.ergokv.benchmarks.cluster;

import dev.ergokv.localcluster.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tikv.common.TiSession;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.txn.KVClient;

/**
 * Point reads of committed keys through the unmodified client: a snapshot read at a fresh
 * timestamp (TSO call + KvGet) and a read at a fixed timestamp (KvGet only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PointGetBenchmark {

  private static final int KEYS = 256;
  private static final byte[] VALUE = "a value of modest size, like a small entity".getBytes(StandardCharsets.UTF_8);

  private LocalCluster cluster;
  private TiSession session;
  private KVClient kvClient;
  private ByteString[] keys;
  private long readTs;
  private int next;

  @Setup(Level.Trial)
  public void start() throws Exception {
    cluster = LocalCluster.start();
    session = Clusters.connect(cluster);
    keys = new ByteString[KEYS];
    for (int i = 0; i < KEYS; i++) {
      byte[] key = Clusters.key("get", i);
      Clusters.commitOneKey(session, key, VALUE);
      keys[i] = ByteString.copyFrom(key);
    }
    readTs = session.getTimestamp().getVersion();
    kvClient = session.createKVClient();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    kvClient.close();
    session.close();
    cluster.close();
  }

  /** {@code session.createSnapshot().get(key)}: a TSO call, then KvGet. */
  @Benchmark
  public byte[] snapshotGetAtFreshTimestamp() {
    next = (next + 1) % KEYS;
    return session.createSnapshot().get(keys[next].toByteArray());
  }

  /** {@code KVClient.get(key, ts)} at a timestamp taken once: KvGet only. */
  @Benchmark
  public ByteString kvClientGetAtFixedTimestamp() {
    next = (next + 1) % KEYS;
    return kvClient.get(keys[next], readTs);
  }
}
