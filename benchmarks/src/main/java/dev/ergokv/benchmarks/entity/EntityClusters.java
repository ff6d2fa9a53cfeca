package dev.ergokv.benchmarks.entity;

import dev.ergokv.ErgoKv;
import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.keys.ModelKeys;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.meta.IndexModel;
import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.tikv.TikvEngine;
import dev.ergokv.localcluster.LocalCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;

/**
 * One embedded cluster, one TiSession shared by ErgoKV and the raw client (so both sides pay the
 * same connection costs), and the exact keys and values ErgoKV writes for a {@link Member}.
 */
final class EntityClusters implements AutoCloseable {

  static final String KEYSPACE = "bench";

  final LocalCluster cluster;
  final TiSession session;
  final ErgoKv kv;
  /** ErgoKV's own transaction engine, without the entity layer, on the same session. */
  final KvEngine engine;
  private final ModelKeys<Member> keys;
  private final EntityCodec<Member> codec;
  private final IndexModel email;
  private final IndexModel team;

  EntityClusters() {
    cluster = LocalCluster.start();
    TiConfiguration conf = TiConfiguration.createDefault(cluster.pdAddresses());
    conf.setTimeout(2_000);
    session = TiSession.create(conf);
    kv = ErgoKv.builder().session(session).keyspace(KEYSPACE).build();
    engine =
        TikvEngine.connect(
            new EngineConfig(
                List.of(),
                Map.of(),
                session,
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3)));
    EntityModel<Member> model = EntityModels.of(Member.class);
    keys = KeySpace.of(KEYSPACE).keys(model);
    codec = EntityCodec.of(model);
    email = model.index("email");
    team = model.index("team");
  }

  /** The three mutations of inserting {@code member}: entity, unique key, index entry. */
  byte[][] mutations(Member member) {
    return new byte[][] {
      keys.entityKey(member.id()),
      codec.encode(member),
      keys.uniqueKey(email, "member" + member.id() + "@example.com"),
      keys.encodeKey(member.id()),
      keys.indexEntryKey(team, "team" + (member.id() % 16), member.id()),
      keys.indexEntryValue()
    };
  }

  byte[] entityKey(long id) {
    return keys.entityKey(id);
  }

  @Override
  public void close() {
    try {
      kv.close();
      engine.close();
      session.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      cluster.close();
    }
  }
}
