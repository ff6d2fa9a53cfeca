package dev.ergokv.internal.backup;

import dev.ergokv.backup.Backup;
import dev.ergokv.backup.BackupResult;
import dev.ergokv.internal.keys.KeyFormat;
import dev.ergokv.internal.keys.KeyReader;
import dev.ergokv.internal.keys.KeySpace;
import dev.ergokv.internal.keys.KeyWriter;
import dev.ergokv.internal.migrate.KeyText;
import dev.ergokv.internal.migrate.ProgressMeter;
import dev.ergokv.internal.session.Store;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvScan;
import dev.ergokv.internal.txn.KvTransaction;
import dev.ergokv.migrate.ProgressListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The backup behind {@link Backup}: see its documentation and {@code docs/backup.md}. */
public final class BackupWriter implements Backup {

  private static final Logger LOG = LoggerFactory.getLogger(BackupWriter.class);
  private static final DateTimeFormatter DIRECTORY_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  /** How long the GC safe point lasts between renewals (renewed every third of it). */
  private static final Duration GC_HOLD = Duration.ofMinutes(10);
  private static final int PAGE = 1024;

  private final Store store;
  private final List<String> models;
  private final boolean gzip;
  private final ProgressListener listener;

  /** A backup of every model of the store's keyspace, uncompressed. */
  public BackupWriter(Store store) {
    this(store, List.of(), false, null);
  }

  private BackupWriter(Store store, List<String> models, boolean gzip, ProgressListener listener) {
    this.store = store;
    this.models = models;
    this.gzip = gzip;
    this.listener = listener;
  }

  @Override
  public Backup models(Class<?>... entities) {
    List<String> names = new ArrayList<>(models);
    for (Class<?> entity : entities) {
      names.add(store.model(Objects.requireNonNull(entity, "entity")).model().name());
    }
    return new BackupWriter(store, names, gzip, listener);
  }

  @Override
  public Backup modelNames(String... names) {
    List<String> all = new ArrayList<>(models);
    for (String name : names) {
      all.add(Objects.requireNonNull(name, "model name"));
    }
    return new BackupWriter(store, all, gzip, listener);
  }

  @Override
  public Backup gzip(boolean compress) {
    return new BackupWriter(store, models, compress, listener);
  }

  @Override
  public Backup listener(ProgressListener listener) {
    return new BackupWriter(store, models, gzip, listener);
  }

  @Override
  public BackupResult writeTo(Path parent) {
    KvEngine engine = store.engine();
    KeySpace keySpace = store.keySpace();
    try (KvTransaction snapshot = engine.beginReadOnly()) {
      long ts = snapshot.startTs();
      String service = "ergokv-backup-" + ts;
      GcHold hold = new GcHold(engine, service, ts);
      Path directory = null;
      try {
        hold.renew();
        List<String> names = models.isEmpty() ? modelsIn(snapshot, keySpace) : new ArrayList<>(new TreeSet<>(models));
        Instant time = Instant.ofEpochMilli(physical(ts));
        directory = createDirectory(parent, time, ts);
        List<Manifest.ModelFile> files = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        long bytes = 0;
        int number = 0;
        for (String model : names) {
          Manifest.ModelFile file = writeModel(snapshot, keySpace, model, ++number, directory, hold);
          files.add(file);
          counts.put(model, file.entities());
          bytes += file.bytes();
        }
        new Manifest(keySpace.name(), ts, time.toString(), gzip, files).write(directory);
        LOG.info("backup of {} models ({} entities) at snapshot {} written to {}", names.size(), counts.values().stream().mapToLong(Long::longValue).sum(), ts, directory);
        return new BackupResult(directory, ts, time, counts, bytes);
      } catch (IOException e) {
        removeQuietly(directory, e);
        throw new UncheckedIOException("backup to " + parent + " failed: " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        removeQuietly(directory, e);
        throw e;
      } finally {
        hold.release();
      }
    }
  }

  private Manifest.ModelFile writeModel(
      KvTransaction snapshot, KeySpace keySpace, String model, int number, Path directory, GcHold hold)
      throws IOException {
    String name = String.format("%04d-%s.ndjson%s", number, sanitize(model), gzip ? ".gz" : "");
    Path path = directory.resolve(name);
    byte[] prefix = entityPrefix(keySpace, model);
    byte[] end = prefixEnd(prefix);
    MessageDigest digest = sha256();
    Map<Integer, Long> versions = new TreeMap<>();
    long entities = 0;
    ProgressMeter meter = new ProgressMeter("backup", model, listener, LOG);
    Lines.Writer lines;
    // The checksum is of the file's bytes as stored (compressed, when gzip).
    try (OutputStream file = new DigestOutputStream(Files.newOutputStream(path), digest);
        OutputStream body =
            new BufferedOutputStream(gzip ? new GZIPOutputStream(file, 1 << 16) : file, 1 << 16);
        KvScan scan = snapshot.scan(prefix, end, PAGE, Long.MAX_VALUE)) {
      lines = new Lines.Writer(body);
      while (scan.hasNext()) {
        Map.Entry<byte[], byte[]> entry = scan.next();
        byte[] key = entry.getKey();
        byte[] value = entry.getValue();
        lines.write(Arrays.copyOfRange(key, prefix.length, key.length), value);
        int[] header = Lines.readHeader(value);
        versions.merge(header == null ? 0 : header[0], 1L, Long::sum);
        if (++entities % PAGE == 0) {
          meter.update(entities, entities);
          hold.renewIfDue();
        }
      }
    }
    // Closed: the gzip trailer is written, the digest complete.
    meter.finish(entities, entities);
    if (lines.rawLines() > 0) {
      LOG.info("model '{}': {} values had no exact JSON form and were written in base64", model, lines.rawLines());
    }
    return new Manifest.ModelFile(
        model, name, entities, versions, lines.rawLines(), Files.size(path), hexOf(digest));
  }

  /** Every model with at least one entity in the keyspace, in name order, one seek per model. */
  private static List<String> modelsIn(KvTransaction snapshot, KeySpace keySpace) {
    byte[] tagPrefix = tagPrefix(keySpace);
    byte[] end = prefixEnd(tagPrefix);
    List<String> names = new ArrayList<>();
    byte[] from = tagPrefix;
    while (true) {
      byte[] first;
      try (KvScan scan = snapshot.scan(from, end, 1, 1)) {
        if (!scan.hasNext()) {
          return names;
        }
        first = scan.next().getKey();
      }
      KeyReader in = new KeyReader(first, tagPrefix.length);
      Object model = KeyFormat.decodeAny(in);
      if (!(model instanceof String)) {
        throw new IllegalStateException("an entity key without a model name: " + KeySpace.describe(first));
      }
      names.add((String) model);
      from = prefixEnd(Arrays.copyOf(first, in.position()));
    }
  }

  /** {@code keyspace | E}. */
  private static byte[] tagPrefix(KeySpace keySpace) {
    byte[] prefix = keySpace.prefix();
    byte[] tagged = Arrays.copyOf(prefix, prefix.length + 1);
    tagged[prefix.length] = KeySpace.ENTITY;
    return tagged;
  }

  /** {@code keyspace | E | model}. */
  static byte[] entityPrefix(KeySpace keySpace, String model) {
    KeyWriter out = new KeyWriter(tagPrefix(keySpace), model.length() + 4);
    out.write(0x20); // string component tag
    out.writeEscapedUtf8(model);
    return out.toByteArray();
  }

  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    throw new IllegalArgumentException("no key follows a prefix of 0xFF bytes");
  }

  private Path createDirectory(Path parent, Instant time, long ts) throws IOException {
    Files.createDirectories(parent);
    String base = "backup-" + DIRECTORY_TIME.format(time) + "-" + ts;
    for (int attempt = 0; ; attempt++) {
      Path directory = parent.resolve(attempt == 0 ? base : base + "-" + attempt);
      try {
        return Files.createDirectory(directory);
      } catch (FileAlreadyExistsException e) {
        // Another backup of the same snapshot (another cluster, or a retry): never share.
      }
    }
  }

  /** A file name part from a model name: ASCII letters, digits, '.', '-', '_' only, at most 40. */
  static String sanitize(String model) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < model.length() && text.length() < 40; i++) {
      char c = model.charAt(i);
      text.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ? c : '_');
    }
    return text.length() == 0 ? "model" : text.toString();
  }

  private static long physical(long ts) {
    long millis = ts >>> 18;
    return millis > 1_000_000_000_000L ? millis : System.currentTimeMillis();
  }

  private static void removeQuietly(Path directory, Throwable failure) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      failure.addSuppressed(e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String hexOf(MessageDigest digest) {
    return KeyText.hex(digest.digest());
  }

  /** Keeps the snapshot's versions from garbage collection while the backup runs. */
  private static final class GcHold {
    private final KvEngine engine;
    private final String service;
    private final long ts;
    private long renewedAt;
    private boolean held;

    GcHold(KvEngine engine, String service, long ts) {
      this.engine = engine;
      this.service = service;
      this.ts = ts;
    }

    void renew() {
      engine.holdSnapshot(service, ts, GC_HOLD);
      renewedAt = System.nanoTime();
      held = true;
    }

    void renewIfDue() {
      if (System.nanoTime() - renewedAt > GC_HOLD.toNanos() / 3) {
        renew();
      }
    }

    void release() {
      if (!held) {
        return;
      }
      try {
        engine.holdSnapshot(service, ts, Duration.ZERO);
      } catch (RuntimeException e) {
        // It expires by itself within GC_HOLD; the backup itself is fine.
        LOG.warn("could not remove the GC safe point {} (it expires in at most {}): {}", service, GC_HOLD, e.toString());
      }
    }
  }
}
