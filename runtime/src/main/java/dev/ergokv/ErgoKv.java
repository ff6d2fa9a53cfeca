package dev.ergokv;

import dev.ergokv.backup.Backup;
import dev.ergokv.backup.Restore;
import dev.ergokv.internal.backup.BackupWriter;
import dev.ergokv.internal.backup.RestoreRunner;
import dev.ergokv.internal.migrate.MigrationRunner;
import dev.ergokv.internal.repository.Repositories;
import dev.ergokv.internal.session.RetryPolicy;
import dev.ergokv.internal.session.Runner;
import dev.ergokv.internal.session.Store;
import dev.ergokv.internal.txn.EngineConfig;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.tikv.TikvEngine;
import dev.ergokv.migrate.MigrationFailedException;
import dev.ergokv.migrate.MigrationResult;
import dev.ergokv.migrate.MigrationStatus;
import dev.ergokv.migrate.Migrator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tikv.common.TiSession;

/**
 * The entry point: a connection to a TiKV cluster, in one keyspace, that runs units of work as
 * transactions. Thread-safe; create one per application (and keyspace) and close it at shutdown.
 *
 * <pre>{@code
 * try (ErgoKv kv = ErgoKv.connect("127.0.0.1:2379")) {
 *   kv.transact(tx -> tx.save(user));
 *   User u = kv.read(tx -> tx.load(User.class, id)).orElseThrow();
 *   kv.transact(tx -> tx.load(User.class, id).ifPresent(x -> x.setEmail("new@example.com")));
 *   int n = kv.transactResult(tx -> { ...; return count; });
 *   try (Transaction tx = kv.begin()) { ...; tx.commit(); }
 * }
 * }</pre>
 *
 * <p><b>{@link #transact} and {@link #transactResult}</b> run the work in a fresh transaction and
 * commit it when the work returns. On a {@link WriteConflictException} (from the work or the
 * commit) the whole unit runs again in a new transaction, after a short random wait that grows
 * with each attempt, for up to the retry budget (10 s by default); then the conflict is thrown. Any
 * other exception rolls back and is thrown at once, never retried — in particular {@link
 * CommitOutcomeUnknownException}, since running the work again could apply it twice. The work may
 * run more than once: keep side effects outside it, or make them idempotent.
 *
 * <p><b>{@link #read}</b> runs the work in a read-only snapshot that never writes (changes made to
 * entities there are not saved).
 *
 * <p>While work runs, its transaction is bound to the calling thread: {@code transact} or {@code
 * read} called inside it, and repositories from {@link #repository}, join it instead of starting
 * another. Joined work that throws marks the whole unit rollback-only: even if the outer work
 * catches the exception, the unit is rolled back and its commit throws {@link
 * RollbackOnlyException}. Transactions from {@link #begin()} are not bound to the thread.
 */
public final class ErgoKv implements AutoCloseable {

  /** Work that returns nothing, run by {@link #transact}. */
  @FunctionalInterface
  public interface Work {
    /** Does the work in {@code tx}; throwing rolls it back. */
    void run(Transaction tx);
  }

  /** Work that computes a result, run by {@link #transactResult}. */
  @FunctionalInterface
  public interface ResultWork<R> {
    /** Does the work in {@code tx} and returns its result; throwing rolls it back. */
    R run(Transaction tx);
  }

  /** Read-only work, run by {@link #read}. */
  @FunctionalInterface
  public interface ReadWork<R> {
    /** Reads in {@code tx} and returns the result. */
    R run(ReadTransaction tx);
  }

  private final Runner runner;
  private final Store store;

  private ErgoKv(Store store, RetryPolicy retry) {
    this.store = store;
    this.runner = new Runner(store, retry);
  }

  /**
   * Connects to the cluster whose PD answers at {@code pdAddresses} ({@code host:port}, several
   * separated by commas), in the default (empty) keyspace, with default settings.
   *
   * @throws ClusterUnavailableException when PD cannot be reached within the connect timeout
   */
  public static ErgoKv connect(String pdAddresses) {
    return builder().pdAddresses(pdAddresses).build();
  }

  /** A builder for every setting. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code work} in a transaction and commits it, retrying on write conflicts (see the class
   * comment). Inside another unit of work of this thread, runs in that one.
   *
   * @throws CommitOutcomeUnknownException when the commit may or may not have been applied (its
   *     answer was lost and the cluster could not be asked); not retried
   * @throws ClusterUnavailableException when the cluster did not answer in time; nothing was
   *     stored
   * @throws WriteConflictException when the conflict outlived every attempt
   * @throws UniqueConstraintViolationException when a unique value is owned by another entity
   * @throws RollbackOnlyException when nested work joined to this unit failed and the work went on
   */
  public void transact(Work work) {
    Objects.requireNonNull(work, "work");
    runner.transact(
        session -> {
          work.run(session);
          return null;
        });
  }

  /**
   * Runs {@code work} in a transaction, commits it and returns the work's result; retried like
   * {@link #transact}.
   */
  public <R> R transactResult(ResultWork<R> work) {
    Objects.requireNonNull(work, "work");
    return runner.transact(work::run);
  }

  /**
   * Runs {@code work} in a read-only snapshot and returns its result. Streams must be consumed
   * inside the work.
   */
  public <R> R read(ReadWork<R> work) {
    Objects.requireNonNull(work, "work");
    return runner.read(work::run);
  }

  /**
   * Begins a transaction controlled by the caller: commit it, or close it to roll back. Not
   * retried, and not bound to the thread.
   *
   * <pre>{@code
   * try (Transaction tx = kv.begin()) {
   *   tx.save(order);
   *   tx.commit();
   * }
   * }</pre>
   */
  public Transaction begin() {
    return store.begin();
  }

  /** Begins a read-only snapshot controlled by the caller; close it when done. */
  public ReadTransaction beginRead() {
    return store.beginReadOnly();
  }

  /**
   * The finder interface {@code type}, running in the calling thread's unit of work when there is
   * one, else each call in its own transaction (see {@link Repository}).
   *
   * @throws MappingException naming every method that matches no index, and the entity
   */
  public <R extends Repository<?, ?>> R repository(Class<R> type) {
    return Repositories.create(type, runner);
  }

  /**
   * Converts every stored entity of {@code entity}'s model that an older schema version wrote
   * (its {@code @MigrateFrom} chain), in batches, with the default {@link #migrator()} settings.
   *
   * @return the run; {@link MigrationStatus#COMPLETED} (with no run id when nothing was old), or
   *     {@link MigrationStatus#BUSY} when another runner held the model longer than the wait
   * @throws MigrationFailedException when a value cannot be decoded or converted, or entities
   *     could not take their values of a new unique index (the run is recorded FAILED)
   */
  public MigrationResult migrate(Class<?> entity) {
    return migrator().migrate(entity);
  }

  /** {@link #migrate} for each class in turn; stops at the first failure. */
  public List<MigrationResult> migrateAll(Class<?>... entities) {
    return migrator().migrateAll(entities);
  }

  /** A migration runner with default settings, to configure (batch size, lease, listener...). */
  public Migrator migrator() {
    return new MigrationRunner(store);
  }

  /**
   * A backup of this keyspace (every model, or those chosen), from one consistent snapshot, to
   * NDJSON files and a manifest; see {@link Backup}.
   *
   * <pre>{@code
   * BackupResult b = kv.backup().models(User.class).gzip(true).writeTo(Path.of("backups"));
   * }</pre>
   */
  public Backup backup() {
    return new BackupWriter(store);
  }

  /**
   * A restore of the backup in {@code directory} into this keyspace; see {@link Restore}.
   *
   * <pre>{@code
   * kv.restore(b.directory()).entities(User.class).clearFirst(true).run();
   * }</pre>
   */
  public Restore restore(Path directory) {
    return new RestoreRunner(store, directory);
  }

  /** The keyspace every key of this instance starts with. */
  public String keyspace() {
    return store.keySpace().name();
  }

  /**
   * Closes the connection (and the TiSession, unless it was given to the builder). Transactions
   * still open fail on their next call to the cluster.
   */
  @Override
  public void close() {
    runner.close();
  }

  @Override
  public String toString() {
    return "ErgoKv[keyspace \"" + keyspace() + "\"]";
  }

  /**
   * Settings of an {@link ErgoKv}; {@link #build()} connects. Every setting has a default except
   * where to connect ({@link #pdAddresses}, {@link #pdEndpoints} or {@link #session}).
   */
  public static final class Builder {

    private final List<String> pdEndpoints = new ArrayList<>();
    private String keyspace = "";
    private TiSession session;
    private final Map<String, String> hostMapping = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(3);
    private Duration lockTtl = Duration.ofSeconds(3);
    private int maxAttempts = Integer.MAX_VALUE;
    private Duration retryBudget = RetryPolicy.DEFAULT_BUDGET;
    private Duration initialBackoff = Duration.ofMillis(2);
    private Duration maxBackoff = Duration.ofMillis(200);
    private int pageSize = 256;
    private boolean strictEnhancement;
    private boolean writeMigratedOnLoad;
    private int maxValueSize = Store.DEFAULT_MAX_VALUE_SIZE;

    private Builder() {}

    /** PD endpoints as {@code host:port}, separated by commas. */
    public Builder pdAddresses(String addresses) {
      Objects.requireNonNull(addresses, "addresses");
      List<String> endpoints = new ArrayList<>();
      for (String address : addresses.split(",")) {
        if (!address.isBlank()) {
          endpoints.add(address.trim());
        }
      }
      return pdEndpoints(endpoints);
    }

    /** PD endpoints as {@code host:port}. */
    public Builder pdEndpoints(List<String> endpoints) {
      pdEndpoints.clear();
      pdEndpoints.addAll(endpoints);
      return this;
    }

    /**
     * The keyspace: a name every key starts with, so that applications (or test classes) sharing
     * a cluster never see each other's data. Default: the empty keyspace.
     */
    public Builder keyspace(String keyspace) {
      this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
      return this;
    }

    /**
     * An existing TiSession to use instead of creating one (client-java advises one per process).
     * It stays open when the ErgoKv is closed; its own timeouts apply.
     */
    public Builder session(TiSession session) {
      this.session = Objects.requireNonNull(session, "session");
      return this;
    }

    /**
     * Rewrites of store addresses the cluster advertises but this process cannot reach
     * (containers): advertised {@code host:port} to reachable {@code host:port}.
     */
    public Builder hostMapping(Map<String, String> mapping) {
      hostMapping.clear();
      hostMapping.putAll(mapping);
      return this;
    }

    /** How long {@link #build()} tries to reach PD before giving up. Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** The deadline of one request to TiKV or PD. Default 3 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * How long the locks of a committing transaction live if its writer dies; long transactions
     * keep theirs alive by heartbeat. Bounds how long a crashed writer blocks others. Default 3 s.
     */
    public Builder lockTtl(Duration ttl) {
      this.lockTtl = positive(ttl, "lockTtl");
      return this;
    }

    /**
     * How {@link ErgoKv#transact} retries on write conflicts: at most {@code maxAttempts} runs in
     * total (and within the {@link #retryBudget}), waiting a random time below a ceiling that
     * starts at {@code initialBackoff} and doubles per attempt up to {@code maxBackoff}. Default:
     * no attempt limit, 2 ms to 200 ms. One attempt means no retry.
     */
    public Builder retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
      new RetryPolicy(maxAttempts, initialBackoff, maxBackoff); // validates
      this.maxAttempts = maxAttempts;
      this.initialBackoff = initialBackoff;
      this.maxBackoff = maxBackoff;
      return this;
    }

    /**
     * How long {@link ErgoKv#transact} keeps retrying a unit of work that meets write conflicts,
     * from its first run: no retry starts later. Default 10 s, which a contended workload (8
     * threads moving money between 10 accounts) never exhausts; size it as the longest a caller
     * may wait, several times the unit's run time under contention. Zero means no retry.
     */
    public Builder retryBudget(Duration budget) {
      if (budget == null || budget.isNegative()) {
        throw new IllegalArgumentException("retryBudget must not be negative, got " + budget);
      }
      this.retryBudget = budget;
      return this;
    }

    /**
     * How many keys a scan reads per round trip, and how many entities a query fetches per batch.
     * Streams hold about this many entities at a time. Default 256.
     */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Whether an entity class that is not enhanced is an error ({@link NotEnhancedException}, on
     * its first use) instead of one logged warning. Default false. Records are never enhanced and
     * never refused.
     */
    public Builder strictEnhancement(boolean strict) {
      this.strictEnhancement = strict;
      return this;
    }

    /**
     * Whether an entity stored by an older schema version (see {@code @MigrateFrom}) and loaded in
     * a read-write transaction is written back, converted, when that transaction commits, even if
     * nothing changed it. Default false: the converted value is written when the entity is next
     * changed or saved, so reads never write. Either way reads convert in memory, and {@link
     * #migrate} converts everything at once.
     */
    public Builder writeMigratedOnLoad(boolean writeBack) {
      this.writeMigratedOnLoad = writeBack;
      return this;
    }

    /**
     * The largest encoded entity value a transaction may write, in bytes; a larger one fails with
     * {@link ValueTooLargeException} before anything is sent. Default 8 MiB, TiKV's default {@code
     * raft-entry-max-size} (a Raft proposal over it is refused, so such a value can never be
     * written). Set it to the cluster's setting if that was changed; the key and the other writes
     * of the same request share the entry, so keep values well below it.
     */
    public Builder maxValueSize(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxValueSize must be at least 1 byte, got " + bytes);
      }
      this.maxValueSize = bytes;
      return this;
    }

    /**
     * Connects.
     *
     * @throws ClusterUnavailableException when PD cannot be reached within the connect timeout;
     *     the message names the endpoints
     * @throws IllegalStateException when neither endpoints nor a session were given
     */
    public ErgoKv build() {
      if (session == null && pdEndpoints.isEmpty()) {
        throw new IllegalStateException(
            "Say where the cluster is: pdAddresses(\"host:2379\"), pdEndpoints(...) or session(...)");
      }
      EngineConfig config =
          new EngineConfig(
              pdEndpoints, hostMapping, session, connectTimeout, requestTimeout, lockTtl);
      return buildOn(TikvEngine.connect(config), true);
    }

    /** An ErgoKv over any engine (tests use an in-memory one); closes it when asked. */
    ErgoKv buildOn(KvEngine engine, boolean closeEngine) {
      Store store =
          new Store(
              engine,
              closeEngine,
              keyspace,
              pageSize,
              strictEnhancement,
              writeMigratedOnLoad,
              maxValueSize);
      return new ErgoKv(store, new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, retryBudget));
    }

    private static Duration positive(Duration duration, String name) {
      if (duration == null || duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got " + duration);
      }
      return duration;
    }
  }
}
