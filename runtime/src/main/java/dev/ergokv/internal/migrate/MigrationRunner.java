package dev.ergokv.internal.migrate;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.CommitOutcomeUnknownException;
import dev.ergokv.CorruptValueException;
import dev.ergokv.ErgoKvException;
import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.keys.KeyRange;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.keys.ModelKeys;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.session.Store;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.migrate.MigrationFailedException;
import dev.ergokv.migrate.MigrationResult;
import dev.ergokv.migrate.MigrationStatus;
import dev.ergokv.migrate.Migrator;
import dev.ergokv.migrate.ProgressListener;
import dev.ergokv.migrate.UniqueCollision;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The eager migration runner behind {@link Migrator}: see its documentation for the guarantees
 * and {@code docs/migrations.md} for the stored state. Immutable; each {@link #migrate} call is one
 * independent run.
 */
public final class MigrationRunner implements Migrator {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final int MAX_CONFLICT_ATTEMPTS = 10;

  /** Settings of a runner. */
  private record Settings(
      int batchSize,
      long maxBatchBytes,
      Duration leaseDuration,
      OnBusy onBusy,
      Duration maxWait,
      String owner,
      ProgressListener listener) {}

  private final Store store;
  private final Settings settings;

  /** A runner with the default settings. */
  public MigrationRunner(Store store) {
    this(
        store,
        new Settings(
            256,
            4L << 20,
            Duration.ofSeconds(30),
            OnBusy.WAIT,
            Duration.ofMinutes(10),
            defaultOwner(),
            null));
  }

  private MigrationRunner(Store store, Settings settings) {
    this.store = store;
    this.settings = settings;
  }

  /** {@code host-or-pid} as the JVM names itself, plus a random suffix per runner. */
  public static String defaultOwner() {
    return ManagementFactory.getRuntimeMXBean().getName()
        + "/"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000));
  }

  @Override
  public Migrator batchSize(int entities) {
    if (entities < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + entities);
    }
    return with(new Settings(entities, settings.maxBatchBytes, settings.leaseDuration, settings.onBusy, settings.maxWait, settings.owner, settings.listener));
  }

  @Override
  public Migrator maxBatchBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxBatchBytes must be positive, got " + bytes);
    }
    return with(new Settings(settings.batchSize, bytes, settings.leaseDuration, settings.onBusy, settings.maxWait, settings.owner, settings.listener));
  }

  @Override
  public Migrator leaseDuration(Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("leaseDuration must be positive, got " + duration);
    }
    return with(new Settings(settings.batchSize, settings.maxBatchBytes, duration, settings.onBusy, settings.maxWait, settings.owner, settings.listener));
  }

  @Override
  public Migrator onBusy(OnBusy onBusy, Duration maxWait) {
    Objects.requireNonNull(onBusy, "onBusy");
    if (maxWait == null || maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
    }
    return with(new Settings(settings.batchSize, settings.maxBatchBytes, settings.leaseDuration, onBusy, maxWait, settings.owner, settings.listener));
  }

  @Override
  public Migrator owner(String owner) {
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("owner must not be blank");
    }
    return with(new Settings(settings.batchSize, settings.maxBatchBytes, settings.leaseDuration, settings.onBusy, settings.maxWait, owner, settings.listener));
  }

  @Override
  public Migrator listener(ProgressListener listener) {
    return with(new Settings(settings.batchSize, settings.maxBatchBytes, settings.leaseDuration, settings.onBusy, settings.maxWait, settings.owner, listener));
  }

  private MigrationRunner with(Settings changed) {
    return new MigrationRunner(store, changed);
  }

  @Override
  public MigrationResult migrate(Class<?> entity) {
    return new Run<>(store.model(Objects.requireNonNull(entity, "entity")).model()).execute();
  }

  @Override
  public List<MigrationResult> migrateAll(Class<?>... entities) {
    List<MigrationResult> results = new ArrayList<>();
    for (Class<?> entity : entities) {
      MigrationResult result = migrate(entity);
      results.add(result);
      if (result.status() == MigrationStatus.BUSY) {
        break;
      }
    }
    return results;
  }

  @Override
  public List<MigrationResult> history(Class<?> entity) {
    EntityModel<?> model = store.model(Objects.requireNonNull(entity, "entity")).model();
    MigrationKeys keys = new MigrationKeys(store.keySpace(), model.name());
    List<MigrationResult> history = new ArrayList<>();
    try (KvTransaction tx = store.engine().beginReadOnly();
        KvScan scan = tx.scan(keys.historyStart(), keys.historyEnd(), store.pageSize(), Long.MAX_VALUE)) {
      scan.forEachRemaining(entry -> history.add(RunRecord.fromJson(entry.getValue()).toResult()));
    }
    return history;
  }

  /** A value that cannot be decoded or converted: stops the run as FAILED. */
  private static final class DataFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final byte[] key;

    DataFailure(byte[] key, RuntimeException cause) {
      super(cause.getMessage(), cause);
      this.key = key;
    }
  }

  /** One call of {@link #migrate}: one model, one lease, one run (new or resumed). */
  private final class Run<T> {
    private final KvEngine engine = store.engine();
    private final EntityModel<T> head;
    private final VersionChain<T> chain;
    private final EntityCodec<T> headCodec;
    private final KeySpace keySpace = store.keySpace();
    private final ModelKeys<T> headKeys;
    private final byte[] entityPrefix;
    private final byte[] entityEnd;
    private final MigrationKeys keys;
    private final Lease lease;
    private ProgressMeter meter;

    Run(EntityModel<T> head) {
      this.head = head;
      this.chain = VersionChain.of(head);
      this.headCodec = EntityCodec.of(head);
      this.headKeys = keySpace.keys(head);
      KeyRange range = headKeys.entityRange();
      this.entityPrefix = range.start();
      this.entityEnd = range.end();
      this.keys = new MigrationKeys(keySpace, head.name());
      this.lease =
          new Lease(
              engine,
              keys,
              head.name(),
              settings.owner,
              "migrate to version " + head.version(),
              settings.leaseDuration);
    }

    MigrationResult execute() {
      if (!chain.hasOlderVersions() || !needsRun()) {
        return upToDate();
      }
      Duration wait = settings.onBusy == OnBusy.WAIT ? settings.maxWait : Duration.ZERO;
      Lease.Holder holder = lease.acquire(wait);
      if (holder != null) {
        return busy(holder);
      }
      RunRecord record = null;
      try {
        // Another runner may have finished while this one waited for the lease.
        if (!needsRun()) {
          try (KvTransaction tx = engine.begin()) {
            lease.releaseIn(tx);
            tx.commit();
          }
          return upToDate();
        }
        record = begin();
        meter = new ProgressMeter("migrate", head.name(), settings.listener, LOG);
        LOG.info(
            "migrating model '{}' to version {} (run {}{})",
            head.name(),
            head.version(),
            record.runId,
            record.resumes > 0 ? ", resumed at " + record.scanned + " scanned" : "");
        boolean done = false;
        while (!done) {
          done = batch(record);
        }
        return finish(record);
      } catch (DataFailure failure) {
        RunRecord failed = markFailed(record, failure);
        throw new MigrationFailedException(failed.toResult(), failure.getCause());
      } catch (Lease.LostException lost) {
        LOG.warn("stopped migrating model '{}': {}", head.name(), lost.getMessage());
        RunRecord stopped = record == null ? newRecord(0) : record;
        stopped.error = lost.getMessage();
        return stopped.toResult(MigrationStatus.BUSY);
      } catch (MigrationFailedException e) {
        throw e;
      } catch (ClusterUnavailableException | CommitOutcomeUnknownException e) {
        // The run stays RUNNING and resumable; the lease expires on its own (releasing it now
        // would only wait for the same cluster again). A batch whose commit outcome is unknown is
        // safe to resume: the next run reads each value's stored version and skips what landed.
        throw e;
      } catch (RuntimeException e) {
        // A listener threw, or the engine failed otherwise: the run stays RUNNING and resumable,
        // and the next runner need not wait for the lease to expire.
        lease.releaseAfter(e);
        throw e;
      }
    }

    /** Whether a run is in progress or any stored value is older than the head. */
    private boolean needsRun() {
      try (KvTransaction tx = engine.beginReadOnly()) {
        if (tx.get(keys.active()).isPresent()) {
          return true;
        }
        try (KvScan scan = tx.scan(entityPrefix, entityEnd, Math.max(store.pageSize(), 1024), Long.MAX_VALUE)) {
          while (scan.hasNext()) {
            Map.Entry<byte[], byte[]> entry = scan.next();
            try {
              if (chain.isOlder(headCodec.storedVersion(entry.getKey(), entry.getValue()))) {
                return true;
              }
            } catch (CorruptValueException e) {
              return true; // the run will stop on it, loudly and on record
            }
          }
        }
      }
      return false;
    }

    /** Starts a run, or resumes the one in progress, under the lease. */
    private RunRecord begin() {
      for (int attempt = 1; ; attempt++) {
        try (KvTransaction tx = engine.begin()) {
          lease.renew(tx);
          long now = LeaseClock.now(tx);
          RunRecord active = activeRecord(tx);
          RunRecord record;
          if (active != null && active.status == MigrationStatus.RUNNING && active.toVersion == head.version()) {
            record = active;
            record.resumes++;
            LOG.info(
                "resuming run {} of model '{}' left by {}", record.runId, head.name(), record.owner);
          } else {
            if (active != null && active.status == MigrationStatus.RUNNING) {
              // A run to another version (an older class version ran it): it can never finish.
              active.status = MigrationStatus.FAILED;
              active.error = "superseded by a migration to version " + head.version();
              active.finishedAt = now;
              active.updatedAt = now;
              tx.put(keys.history(active.runId), active.toJson());
            }
            record = newRecord(now);
            tx.put(keys.active(), activePointer(record.runId));
          }
          record.owner = settings.owner;
          record.updatedAt = now;
          tx.put(keys.history(record.runId), record.toJson());
          tx.commit();
          return record;
        } catch (WriteConflictException e) {
          backoff(attempt, e);
        }
      }
    }

    private RunRecord newRecord(long now) {
      RunRecord record = new RunRecord();
      record.runId =
          RUN_TIME.format(Instant.ofEpochMilli(now == 0 ? System.currentTimeMillis() : now))
              + "-"
              + Integer.toHexString(0x10000 | ThreadLocalRandom.current().nextInt(0x10000)).substring(1);
      record.model = head.name();
      record.toVersion = head.version();
      record.owner = settings.owner;
      record.startedAt = now;
      record.updatedAt = now;
      return record;
    }

    private RunRecord activeRecord(KvTransaction tx) {
      byte[] pointer = tx.get(keys.active()).orElse(null);
      if (pointer == null) {
        return null;
      }
      String runId = Json.string(Json.readObject(pointer), "runId");
      return tx.get(keys.history(runId)).map(RunRecord::fromJson).orElse(null);
    }

    private byte[] activePointer(String runId) {
      Map<String, Object> json = new java.util.LinkedHashMap<>();
      json.put("runId", runId);
      return Json.write(json, false);
    }

    /**
     * Converts the next batch in one transaction, retried on write conflicts; true when the scan
     * reached the end of the model.
     */
    private boolean batch(RunRecord record) {
      for (int attempt = 1; ; attempt++) {
        RunRecord next = record.copy();
        try (KvTransaction tx = engine.begin()) {
          lease.renew(tx);
          List<RewriteBatch.Change> changes = new ArrayList<>();
          Map<RewriteBatch.Change, Integer> versions = new IdentityHashMap<>();
          boolean exhausted = collect(tx, next, changes, versions);
          RewriteBatch.Outcome outcome = RewriteBatch.apply(tx, head.name(), changes);
          for (RewriteBatch.Change change : outcome.written()) {
            next.migratedFromVersion.merge(versions.get(change), 1L, Long::sum);
          }
          next.migrated += outcome.written().size();
          for (UniqueCollision collision : outcome.collisions().values()) {
            if (next.duplicateCount < RunRecord.MAX_DUPLICATES) {
              LOG.warn("model '{}': {}", head.name(), collision); // the rest: counted, summarized
            }
            next.addDuplicate(collision);
          }
          next.batches++;
          next.updatedAt = LeaseClock.now(tx);
          tx.put(keys.history(next.runId), next.toJson());
          tx.commit();
          adopt(record, next);
          meter.update(record.scanned, record.migrated);
          return exhausted;
        } catch (WriteConflictException e) {
          backoff(attempt, e);
        }
      }
    }

    /**
     * Scans from the checkpoint and converts up to a batch of older values into {@code changes};
     * moves {@code next}'s checkpoint and scan count. True when the scan reached the end.
     */
    private boolean collect(
        KvTransaction tx,
        RunRecord next,
        List<RewriteBatch.Change> changes,
        Map<RewriteBatch.Change, Integer> versions) {
      byte[] from = next.checkpoint == null ? entityPrefix : successor(next.checkpoint);
      long scanLimit = Math.max(1024L, settings.batchSize * 8L);
      long bytes = 0;
      long scanned = 0;
      try (KvScan scan = tx.scan(from, entityEnd, Math.max(store.pageSize(), 512), scanLimit)) {
        while (scan.hasNext()) {
          Map.Entry<byte[], byte[]> entry = scan.next();
          byte[] key = entry.getKey();
          byte[] value = entry.getValue();
          scanned++;
          next.scanned++;
          next.checkpoint = key;
          int version;
          try {
            version = headCodec.storedVersion(key, value);
          } catch (CorruptValueException e) {
            throw new DataFailure(key, e);
          }
          if (!chain.isOlder(version)) {
            continue;
          }
          RewriteBatch.Change change = convert(key, value, version);
          changes.add(change);
          versions.put(change, version);
          bytes += change.value().length;
          if (changes.size() >= settings.batchSize || bytes >= settings.maxBatchBytes) {
            // A scan that read its limit has no next entry whether or not the model goes on.
            return scanned < scanLimit && !scan.hasNext();
          }
        }
      }
      return scanned < scanLimit;
    }

    private RewriteBatch.Change convert(byte[] key, byte[] value, int version) {
      try {
        Object old = chain.decodeAt(key, value, version);
        T upgraded = chain.upgrade(key, old, version);
        byte[] encoded = headCodec.encode(upgraded);
        EntityModel<?> oldModel = chain.modelAt(version);
        byte[] component = Arrays.copyOfRange(key, entityPrefix.length, key.length);
        return new RewriteBatch.Change(
            key,
            component,
            encoded,
            IndexKey.of(keySpace.keys(oldModel), old),
            IndexKey.of(headKeys, upgraded),
            KeyText.component(component));
      } catch (ErgoKvException e) {
        throw new DataFailure(key, e);
      }
    }

    private MigrationResult finish(RunRecord record) {
      for (int attempt = 1; ; attempt++) {
        RunRecord last = record.copy();
        try (KvTransaction tx = engine.begin()) {
          lease.renew(tx);
          long now = LeaseClock.now(tx);
          last.status = last.duplicateCount == 0 ? MigrationStatus.COMPLETED : MigrationStatus.FAILED;
          if (last.duplicateCount > 0) {
            last.error =
                last.duplicateCount
                    + " entities were left at their old version: their values of a unique index"
                    + " belong to other entities. Resolve the duplicates, then migrate again.";
          }
          last.updatedAt = now;
          last.finishedAt = now;
          tx.put(keys.history(last.runId), last.toJson());
          tx.delete(keys.active());
          lease.releaseIn(tx);
          tx.commit();
          meter.finish(last.scanned, last.migrated);
          LOG.info(
              "model '{}': migration run {} {} ({} converted, {} scanned, {} duplicates)",
              head.name(),
              last.runId,
              last.status,
              last.migrated,
              last.scanned,
              last.duplicateCount);
          if (last.status == MigrationStatus.FAILED) {
            throw new MigrationFailedException(last.toResult(), null);
          }
          return last.toResult();
        } catch (WriteConflictException e) {
          backoff(attempt, e);
        }
      }
    }

    /** Records the run FAILED at {@code failure}'s key and releases the lease. */
    private RunRecord markFailed(RunRecord record, DataFailure failure) {
      RunRecord failed = record.copy();
      failed.status = MigrationStatus.FAILED;
      failed.failedKey = KeyText.entityKey(entityPrefix, failure.key);
      failed.error = failure.getMessage();
      LOG.error(
          "migration of model '{}' stopped at key {}: {}", head.name(), failed.failedKey, failed.error);
      for (int attempt = 1; ; attempt++) {
        try (KvTransaction tx = engine.begin()) {
          long now = LeaseClock.now(tx);
          failed.updatedAt = now;
          failed.finishedAt = now;
          tx.put(keys.history(failed.runId), failed.toJson());
          tx.delete(keys.active());
          lease.releaseIn(tx);
          tx.commit();
          return failed;
        } catch (WriteConflictException e) {
          if (attempt >= MAX_CONFLICT_ATTEMPTS) {
            failure.addSuppressed(e);
            return failed;
          }
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
          return failed;
        }
      }
    }

    private MigrationResult upToDate() {
      RunRecord record = newRecord(0);
      record.runId = null;
      record.startedAt = 0;
      record.updatedAt = 0;
      return record.toResult(MigrationStatus.COMPLETED);
    }

    private MigrationResult busy(Lease.Holder holder) {
      RunRecord record = newRecord(0);
      record.runId = null;
      record.owner = holder.owner();
      record.error = "model '" + head.name() + "' is leased by " + holder.describe();
      LOG.info("not migrating: {}", record.error);
      return record.toResult(MigrationStatus.BUSY);
    }
  }

  /**
   * Ends the model's run in progress, if there is one, as {@code FAILED} with {@code reason}, in
   * {@code tx}; the caller holds the model's lease. For restores: they write older values again,
   * also before the run's checkpoint, where resuming the run would never look, so the next run
   * must start from the beginning.
   */
  public static void abandonActiveRun(KvTransaction tx, MigrationKeys keys, String reason) {
    byte[] pointer = tx.get(keys.active()).orElse(null);
    if (pointer == null) {
      return;
    }
    String runId = Json.string(Json.readObject(pointer), "runId");
    RunRecord active = tx.get(keys.history(runId)).map(RunRecord::fromJson).orElse(null);
    if (active != null && active.status == MigrationStatus.RUNNING) {
      long now = LeaseClock.now(tx);
      active.status = MigrationStatus.FAILED;
      active.error = reason;
      active.updatedAt = now;
      active.finishedAt = now;
      tx.put(keys.history(runId), active.toJson());
      LOG.warn("model '{}': migration run {} {}", active.model, runId, reason);
    }
    tx.delete(keys.active());
  }

  private static void adopt(RunRecord record, RunRecord next) {
    record.migratedFromVersion = next.migratedFromVersion;
    record.scanned = next.scanned;
    record.migrated = next.migrated;
    record.duplicates = next.duplicates;
    record.duplicateCount = next.duplicateCount;
    record.batches = next.batches;
    record.updatedAt = next.updatedAt;
    record.checkpoint = next.checkpoint;
  }

  /** The smallest key after {@code key}. */
  static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  private static void backoff(int attempt, WriteConflictException conflict) {
    if (attempt >= MAX_CONFLICT_ATTEMPTS) {
      throw conflict;
    }
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(200, 2L << attempt)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw conflict;
    }
  }
}
