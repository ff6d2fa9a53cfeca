package dev.ergokv.internal.backup;

import dev.ergokv.CorruptValueException;
import dev.ergokv.ErgoKvException;
import dev.ergokv.WriteConflictException;
import dev.ergokv.backup.BackupFormatException;
import dev.ergokv.backup.Restore;
import dev.ergokv.backup.RestoreFailedException;
import dev.ergokv.backup.RestoreResult;
import dev.ergokv.backup.RestoreResult.RestoredModel;
import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.keys.KeyCodecs;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.migrate.IndexKey;
import dev.ergokv.internal.migrate.KeyText;
import dev.ergokv.internal.migrate.Lease;
import dev.ergokv.internal.migrate.MigrationKeys;
import dev.ergokv.internal.migrate.MigrationRunner;
import dev.ergokv.internal.migrate.ProgressMeter;
import dev.ergokv.internal.migrate.RewriteBatch;
import dev.ergokv.internal.migrate.VersionChain;
import dev.ergokv.internal.session.Store;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.migrate.ProgressListener;
import dev.ergokv.migrate.UniqueCollision;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The restore behind {@link Restore}: see its documentation and {@code docs/backup.md}. */
public final class RestoreRunner implements Restore {

  private static final Logger LOG = LoggerFactory.getLogger(RestoreRunner.class);
  private static final long MAX_BATCH_BYTES = 4L << 20;
  private static final int CLEAR_BATCH = 2048;
  private static final int MAX_CONFLICT_ATTEMPTS = 10;
  private static final int MAX_COLLISIONS_KEPT = 100;

  private final Store store;
  private final Path directory;
  private final List<Class<?>> entities;
  private final List<String> only;
  private final boolean clearFirst;
  private final int batchSize;
  private final ProgressListener listener;

  /** A restore of the backup in {@code directory} with the default settings. */
  public RestoreRunner(Store store, Path directory) {
    this(store, Objects.requireNonNull(directory, "directory"), List.of(), List.of(), false, 256, null);
  }

  private RestoreRunner(
      Store store,
      Path directory,
      List<Class<?>> entities,
      List<String> only,
      boolean clearFirst,
      int batchSize,
      ProgressListener listener) {
    this.store = store;
    this.directory = directory;
    this.entities = entities;
    this.only = only;
    this.clearFirst = clearFirst;
    this.batchSize = batchSize;
    this.listener = listener;
  }

  @Override
  public Restore entities(Class<?>... types) {
    List<Class<?>> all = new ArrayList<>(entities);
    all.addAll(Arrays.asList(types));
    return new RestoreRunner(store, directory, all, only, clearFirst, batchSize, listener);
  }

  @Override
  public Restore onlyModels(String... models) {
    List<String> all = new ArrayList<>(only);
    all.addAll(Arrays.asList(models));
    return new RestoreRunner(store, directory, entities, all, clearFirst, batchSize, listener);
  }

  @Override
  public Restore clearFirst(boolean clear) {
    return new RestoreRunner(store, directory, entities, only, clear, batchSize, listener);
  }

  @Override
  public Restore batchSize(int entities) {
    if (entities < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + entities);
    }
    return new RestoreRunner(store, directory, this.entities, only, clearFirst, entities, listener);
  }

  @Override
  public Restore listener(ProgressListener listener) {
    return new RestoreRunner(store, directory, entities, only, clearFirst, batchSize, listener);
  }

  /** One model to restore: its file and the chain of the class that reads it. */
  private record Plan(Manifest.ModelFile file, VersionChain<?> chain) {}

  @Override
  public RestoreResult run() {
    Manifest manifest = Manifest.read(directory);
    List<Plan> plans = plan(manifest);
    for (Plan plan : plans) {
      verify(manifest, plan);
    }
    List<RestoredModel> restored = new ArrayList<>();
    for (Plan plan : plans) {
      restored.add(new ModelRestore(manifest, plan).run());
    }
    RestoreResult result = new RestoreResult(directory, manifest.snapshotTs, restored);
    if (!result.isComplete()) {
      throw new RestoreFailedException(result);
    }
    return result;
  }

  /** Which models to restore, each with its class; every problem found is thrown at once. */
  private List<Plan> plan(Manifest manifest) {
    Map<String, VersionChain<?>> chains = new LinkedHashMap<>();
    for (Class<?> type : entities) {
      EntityModel<?> model = store.model(Objects.requireNonNull(type, "entity class")).model();
      chains.put(model.name(), VersionChain.of(model));
    }
    Set<String> inBackup = new LinkedHashSet<>();
    manifest.models.forEach(m -> inBackup.add(m.model()));
    List<String> problems = new ArrayList<>();
    for (String name : only) {
      if (!inBackup.contains(name)) {
        problems.add("model '" + name + "' is not in the backup (it holds " + inBackup + ")");
      }
    }
    List<Plan> plans = new ArrayList<>();
    for (Manifest.ModelFile file : manifest.models) {
      if (!only.isEmpty() && !only.contains(file.model())) {
        continue;
      }
      VersionChain<?> chain = chains.get(file.model());
      if (chain == null) {
        problems.add(
            "model '"
                + file.model()
                + "' is in the backup but no entity class for it was given: pass it to"
                + " entities(...), or leave the model out with onlyModels(...)");
        continue;
      }
      for (int version : file.versions().keySet()) {
        if (chain.modelAt(version) == null || version > chain.head().version()) {
          problems.add(
              "model '"
                  + file.model()
                  + "' has "
                  + file.versions().get(version)
                  + " entities at schema version "
                  + version
                  + ", which "
                  + chain.head().type().getName()
                  + " (version "
                  + chain.head().version()
                  + ", chain "
                  + chain.versions()
                  + ") does not know"
                  + (version > chain.head().version() ? ": restore with the application version that wrote it" : ""));
        }
      }
      plans.add(new Plan(file, chain));
    }
    if (!problems.isEmpty()) {
      throw new BackupFormatException(
          "Cannot restore " + directory + ":\n  - " + String.join("\n  - ", problems));
    }
    return plans;
  }

  /**
   * Reads the whole file once before anything is written: its checksum, every line, every value
   * (decoded by the class of its version, key checked), the counts.
   */
  private void verify(Manifest manifest, Plan plan) {
    Manifest.ModelFile file = plan.file();
    Path path = directory.resolve(file.file());
    MessageDigest digest = BackupWriter.sha256();
    Map<Integer, Long> versions = new TreeMap<>();
    long count = 0;
    IOException unreadable = null;
    try (InputStream raw = new DigestInputStream(Files.newInputStream(path), digest)) {
      InputStream in = null;
      try {
        in = open(raw, manifest.gzip);
        Lines.Reader lines = new Lines.Reader(in, file.file());
        byte[] previousKey = null;
        for (Lines.Entry entry = lines.next(); entry != null; entry = lines.next()) {
          check(plan, entry, file.file());
          // A key twice in one batch would be written twice, the first line's index keys kept.
          if (previousKey != null && Arrays.compareUnsigned(previousKey, entry.keyComponent()) >= 0) {
            throw new Lines.BackupProblem(
                file.file()
                    + ", line "
                    + entry.line()
                    + ": key "
                    + KeyText.component(entry.keyComponent())
                    + " does not follow the key of the line before ("
                    + KeyText.component(previousKey)
                    + "); a backup holds each key once, in key order");
          }
          previousKey = entry.keyComponent();
          versions.merge(entry.version(), 1L, Long::sum);
          count++;
        }
      } catch (IOException e) {
        // A damaged file usually shows first as a bad line or bad gzip data; the checksum, taken
        // over the whole file, says which it is.
        unreadable = e;
      }
      // Drain what the reader did not need (the gzip trailer, or the rest after a problem), so
      // the digest covers the whole file.
      raw.transferTo(java.io.OutputStream.nullOutputStream());
      if (in != null) {
        in.close();
      }
    } catch (NoSuchFileException e) {
      throw new BackupFormatException(path + " is missing (listed for model '" + file.model() + "')", e);
    } catch (IOException e) {
      throw new BackupFormatException("cannot read " + path + ": " + e.getMessage(), e);
    }
    String actual = BackupWriter.hexOf(digest);
    if (!actual.equals(file.sha256())) {
      BackupFormatException mismatch =
          new BackupFormatException(
              path
                  + ": checksum mismatch (manifest sha256 "
                  + file.sha256()
                  + ", file "
                  + actual
                  + "); the file was changed or damaged after the backup");
      if (unreadable != null) {
        mismatch.addSuppressed(unreadable);
      }
      throw mismatch;
    }
    if (unreadable instanceof Lines.BackupProblem) {
      throw new BackupFormatException(directory.resolve(unreadable.getMessage()).toString(), unreadable);
    }
    if (unreadable != null) {
      throw new BackupFormatException(
          "cannot read " + path + " (" + (manifest.gzip ? "gzip: " : "") + unreadable.getMessage() + ")", unreadable);
    }
    if (count != file.entities() || !versions.equals(file.versions())) {
      throw new BackupFormatException(
          path
              + " holds "
              + count
              + " entities "
              + versions
              + " but the manifest says "
              + file.entities()
              + " "
              + file.versions());
    }
  }

  private static InputStream open(InputStream raw, boolean gzip) throws IOException {
    return new BufferedInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16);
  }

  /** Decodes one entry by the class of its version and checks that its key is its own. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object check(Plan plan, Lines.Entry entry, String file) throws Lines.BackupProblem {
    VersionChain<?> chain = plan.chain();
    EntityModel model = chain.modelAt(entry.version());
    if (model == null) {
      throw new Lines.BackupProblem(
          file + ", line " + entry.line() + ": schema version " + entry.version() + " is not in the chain " + chain.versions());
    }
    Object entity;
    try {
      entity = chain.decodeAt(entry.keyComponent(), entry.value(), entry.version());
    } catch (CorruptValueException e) {
      throw new Lines.BackupProblem(file + ", line " + entry.line() + ": the value does not decode as " + model.type().getName() + ": " + e.getMessage());
    }
    Object key = model.keyOf(entity);
    byte[] component = key == null ? null : KeyCodecs.forType(model.key().type()).encode(key);
    if (!Arrays.equals(component, entry.keyComponent())) {
      throw new Lines.BackupProblem(
          file
              + ", line "
              + entry.line()
              + ": \"key\" is "
              + KeyText.component(entry.keyComponent())
              + " but the entity's key field holds "
              + key);
    }
    return entity;
  }

  /** The restore of one model, under its lease. */
  private final class ModelRestore {
    private final Manifest manifest;
    private final Plan plan;
    private final KvEngine engine = store.engine();
    private final KeySpace keySpace = store.keySpace();
    private final String model;
    private final byte[] entityPrefix;
    private final MigrationKeys migrationKeys;
    private final Lease lease;
    private final List<UniqueCollision> collisions = new ArrayList<>();
    private long collisionCount;
    private long written;
    private long unchanged;
    private long read;

    ModelRestore(Manifest manifest, Plan plan) {
      this.manifest = manifest;
      this.plan = plan;
      this.model = plan.file().model();
      this.entityPrefix = BackupWriter.entityPrefix(keySpace, model);
      this.migrationKeys = new MigrationKeys(keySpace, model);
      this.lease =
          new Lease(
              engine,
              migrationKeys,
              model,
              MigrationRunner.defaultOwner(),
              "restore from " + directory.getFileName(),
              Duration.ofSeconds(30));
    }

    RestoredModel run() {
      Lease.Holder holder = lease.acquire(Duration.ZERO);
      if (holder != null) {
        throw new ErgoKvException(
            "Cannot restore model '" + model + "' now: it is leased by " + holder.describe());
      }
      try {
        inTransaction(tx -> {
          MigrationRunner.abandonActiveRun(
              tx,
              migrationKeys,
              "interrupted by a restore from "
                  + directory.getFileName()
                  + ", which writes older values again: the next run starts from the beginning");
          return null;
        });
        long cleared = clearFirst ? clear() : 0;
        ProgressMeter meter = new ProgressMeter("restore", model, listener, LOG);
        Path path = directory.resolve(plan.file().file());
        try (InputStream in = open(Files.newInputStream(path), manifest.gzip)) {
          Lines.Reader lines = new Lines.Reader(in, plan.file().file());
          List<Lines.Entry> batch = new ArrayList<>(batchSize);
          long bytes = 0;
          for (Lines.Entry entry = lines.next(); entry != null; entry = lines.next()) {
            batch.add(entry);
            bytes += entry.value().length;
            if (batch.size() >= batchSize || bytes >= MAX_BATCH_BYTES) {
              write(batch);
              meter.update(read, written);
              batch.clear();
              bytes = 0;
            }
          }
          if (!batch.isEmpty()) {
            write(batch);
          }
          meter.finish(read, written);
        } catch (IOException e) {
          throw new BackupFormatException(
              "cannot read " + path + " after it was checked: " + e.getMessage(), e);
        }
        try (KvTransaction tx = engine.begin()) {
          lease.releaseIn(tx);
          tx.commit();
        }
        return new RestoredModel(model, read, written, unchanged, cleared, collisions, collisionCount);
      } catch (RuntimeException e) {
        lease.releaseAfter(e);
        throw e;
      }
    }

    /** Deletes every entity, unique key and index entry of the model, in batches. */
    private long clear() {
      long deleted = 0;
      for (byte tag : new byte[] {KeySpace.ENTITY, KeySpace.UNIQUE, KeySpace.INDEX}) {
        byte[] prefix = prefixOf(tag);
        byte[] end = BackupWriter.prefixEnd(prefix);
        while (true) {
          int count = inTransaction(tx -> {
            int n = 0;
            try (KvScan scan = tx.scan(prefix, end, CLEAR_BATCH, CLEAR_BATCH)) {
              while (scan.hasNext()) {
                tx.delete(scan.next().getKey());
                n++;
              }
            }
            return n;
          });
          deleted += count;
          if (count < CLEAR_BATCH) {
            break;
          }
        }
      }
      LOG.info("model '{}': cleared {} keys before restoring", model, deleted);
      return deleted;
    }

    private byte[] prefixOf(byte tag) {
      byte[] entity = entityPrefix.clone();
      entity[keySpace.prefix().length] = tag;
      return entity;
    }

    /** Writes one batch: exact values, index entries of their versions, in one transaction. */
    private void write(List<Lines.Entry> batch) {
      List<byte[]> keys = new ArrayList<>(batch.size());
      for (Lines.Entry entry : batch) {
        keys.add(concat(entityPrefix, entry.keyComponent()));
      }
      RewriteBatch.Outcome outcome =
          inTransaction(
              tx -> {
                Map<byte[], byte[]> stored = tx.batchGet(keys);
                List<RewriteBatch.Change> changes = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                  Lines.Entry entry = batch.get(i);
                  byte[] key = keys.get(i);
                  byte[] current = stored.get(key);
                  if (Arrays.equals(current, entry.value())) {
                    continue;
                  }
                  changes.add(
                      new RewriteBatch.Change(
                          key,
                          entry.keyComponent(),
                          entry.value(),
                          current == null ? List.of() : indexKeysOfStored(key, current),
                          indexKeys(entry, key),
                          KeyText.component(entry.keyComponent())));
                }
                return RewriteBatch.apply(tx, model, changes);
              });
      read += batch.size();
      written += outcome.written().size();
      unchanged += batch.size() - outcome.written().size() - outcome.collisions().size();
      for (UniqueCollision collision : outcome.collisions().values()) {
        if (collisionCount < MAX_COLLISIONS_KEPT) {
          LOG.warn("restore: {}", collision); // the rest: counted, in the result
        }
        collisionCount++;
        if (collisions.size() < MAX_COLLISIONS_KEPT) {
          collisions.add(collision);
        }
      }
    }

    private List<IndexKey> indexKeys(Lines.Entry entry, byte[] key) {
      VersionChain<?> chain = plan.chain();
      Object entity = chain.decodeAt(key, entry.value(), entry.version());
      return IndexKey.of(keySpace.keys(chain.modelAt(entry.version())), entity);
    }

    /** The index keys of what is stored now, at its own version. */
    private List<IndexKey> indexKeysOfStored(byte[] key, byte[] value) {
      VersionChain<?> chain = plan.chain();
      int version = EntityCodec.of(chain.head()).storedVersion(key, value);
      Object entity = chain.decodeAt(key, value, version);
      return IndexKey.of(keySpace.keys(chain.modelAt(version)), entity);
    }

    /** Runs {@code work} in a transaction that also renews the lease; retried on conflicts. */
    private <R> R inTransaction(java.util.function.Function<KvTransaction, R> work) {
      for (int attempt = 1; ; attempt++) {
        try (KvTransaction tx = engine.begin()) {
          lease.renew(tx);
          R result = work.apply(tx);
          tx.commit();
          return result;
        } catch (WriteConflictException e) {
          if (attempt >= MAX_CONFLICT_ATTEMPTS) {
            throw e;
          }
          try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(200, 2L << attempt)));
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
