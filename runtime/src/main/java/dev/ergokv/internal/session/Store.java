package dev.ergokv.internal.session;

import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.txn.KvEngine;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one {@code ErgoKv} instance shares between its transactions: the engine, the keyspace, the
 * per-class model contexts and the settings. Thread-safe.
 */
public final class Store implements AutoCloseable {

  /** TiKV's default {@code raft-entry-max-size}: a larger proposal is refused. */
  public static final int DEFAULT_MAX_VALUE_SIZE = 8 * 1024 * 1024;

  private final KvEngine engine;
  private final boolean ownsEngine;
  private final KeySpace keySpace;
  private final int pageSize;
  private final boolean strictEnhancement;
  private final boolean writeMigratedOnLoad;
  private final int maxValueSize;
  private final ConcurrentHashMap<Class<?>, ModelContext<?>> models = new ConcurrentHashMap<>();

  /**
   * @param engine the transaction engine
   * @param ownsEngine whether {@link #close()} closes the engine
   * @param keyspace the keyspace every key starts with
   * @param pageSize how many entries a scan reads per round trip, and how many entities a query
   *     fetches per batch
   * @param strictEnhancement refuse un-enhanced entity classes instead of warning once
   */
  public Store(
      KvEngine engine, boolean ownsEngine, String keyspace, int pageSize, boolean strictEnhancement) {
    this(engine, ownsEngine, keyspace, pageSize, strictEnhancement, false, DEFAULT_MAX_VALUE_SIZE);
  }

  /**
   * @param writeMigratedOnLoad write an entity converted from an older schema version back at
   *     the commit of the read-write transaction that loaded it, changed or not
   * @param maxValueSize the largest encoded entity value a transaction may write, in bytes
   */
  public Store(
      KvEngine engine,
      boolean ownsEngine,
      String keyspace,
      int pageSize,
      boolean strictEnhancement,
      boolean writeMigratedOnLoad,
      int maxValueSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
    if (maxValueSize < 1) {
      throw new IllegalArgumentException("maxValueSize must be at least 1, got " + maxValueSize);
    }
    this.engine = Objects.requireNonNull(engine, "engine");
    this.ownsEngine = ownsEngine;
    this.keySpace = KeySpace.of(keyspace);
    this.pageSize = pageSize;
    this.strictEnhancement = strictEnhancement;
    this.writeMigratedOnLoad = writeMigratedOnLoad;
    this.maxValueSize = maxValueSize;
  }

  /** Begins a read-write session. */
  public Session begin() {
    return new Session(this, engine.begin(), false);
  }

  /** Begins a read-only session. */
  public Session beginReadOnly() {
    return new Session(this, engine.beginReadOnly(), true);
  }

  /** The keyspace of this store. */
  public KeySpace keySpace() {
    return keySpace;
  }

  /** The engine transactions run on. */
  public KvEngine engine() {
    return engine;
  }

  /** How many entries a scan reads per round trip. */
  public int pageSize() {
    return pageSize;
  }

  /** The largest encoded entity value a transaction may write, in bytes. */
  int maxValueSize() {
    return maxValueSize;
  }

  boolean writeMigratedOnLoad() {
    return writeMigratedOnLoad;
  }

  /**
   * The context of an entity class, made on first use (which validates the mapping and checks the
   * enhancement).
   *
   * @throws dev.ergokv.MappingException when the class is not a valid entity
   * @throws dev.ergokv.NotEnhancedException in strict mode, for an un-enhanced class
   */
  @SuppressWarnings("unchecked")
  public <T> ModelContext<T> model(Class<T> type) {
    ModelContext<?> context = models.get(type);
    if (context == null) {
      Objects.requireNonNull(type, "entity class");
      if (!EntityModels.isEntity(type)) {
        throw new IllegalArgumentException(
            type.getName() + " is not an entity: annotate it with @dev.ergokv.annotation.Entity");
      }
      EntityModel<T> model = EntityModels.of(type);
      EnhancementCheck.check(model, strictEnhancement);
      context = models.computeIfAbsent(type, t -> new ModelContext<>(model, keySpace));
    }
    return (ModelContext<T>) context;
  }

  /** The context of the class of {@code entity}. */
  @SuppressWarnings("unchecked")
  <T> ModelContext<T> modelOf(T entity) {
    Objects.requireNonNull(entity, "entity");
    return model((Class<T>) entity.getClass());
  }

  @Override
  public void close() {
    if (ownsEngine) {
      engine.close();
    }
  }
}
