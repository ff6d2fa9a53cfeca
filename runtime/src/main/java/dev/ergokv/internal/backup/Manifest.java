package dev.ergokv.internal.backup;

import dev.ergokv.backup.BackupFormatException;
import dev.ergokv.internal.migrate.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code manifest.json}: what a backup holds, written last (so a directory without one is an
 * incomplete backup) and read first by a restore:
 *
 * <pre>{@code
 * {
 *   "format": "ergokv-backup",
 *   "formatVersion": 1,
 *   "keyspace": "app",
 *   "snapshotTs": 449573834203217921,
 *   "snapshotTime": "2025-01-01T12:00:00.123Z",
 *   "compression": "gzip",
 *   "models": [
 *     {"model": "User", "file": "0001-User.ndjson.gz", "entities": 100000,
 *      "versions": {"2": 12, "3": 99988}, "rawLines": 0, "bytes": 5123456, "sha256": "9f2c..."}
 *   ]
 * }
 * }</pre>
 */
final class Manifest {

  static final String FILE = "manifest.json";
  static final String FORMAT = "ergokv-backup";
  static final int FORMAT_VERSION = 1;

  /** One model's data file. */
  record ModelFile(
      String model,
      String file,
      long entities,
      Map<Integer, Long> versions,
      long rawLines,
      long bytes,
      String sha256) {}

  final String keyspace;
  final long snapshotTs;
  final String snapshotTime;
  final boolean gzip;
  final List<ModelFile> models;

  Manifest(String keyspace, long snapshotTs, String snapshotTime, boolean gzip, List<ModelFile> models) {
    this.keyspace = keyspace;
    this.snapshotTs = snapshotTs;
    this.snapshotTime = snapshotTime;
    this.gzip = gzip;
    this.models = List.copyOf(models);
  }

  /** Writes the manifest atomically (a temporary file moved into place). */
  void write(Path directory) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("formatVersion", (long) FORMAT_VERSION);
    json.put("keyspace", keyspace);
    json.put("snapshotTs", snapshotTs);
    json.put("snapshotTime", snapshotTime);
    json.put("compression", gzip ? "gzip" : "none");
    List<Object> files = new ArrayList<>();
    for (ModelFile model : models) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("model", model.model());
      entry.put("file", model.file());
      entry.put("entities", model.entities());
      Map<String, Object> versions = new LinkedHashMap<>();
      model.versions().forEach((version, count) -> versions.put(String.valueOf(version), count));
      entry.put("versions", versions);
      entry.put("rawLines", model.rawLines());
      entry.put("bytes", model.bytes());
      entry.put("sha256", model.sha256());
      files.add(entry);
    }
    json.put("models", files);
    Path temporary = directory.resolve(FILE + ".tmp");
    Files.write(temporary, Json.write(json, true));
    Files.move(temporary, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads and checks the manifest of the backup in {@code directory}.
   *
   * @throws BackupFormatException naming the directory and what is wrong
   */
  @SuppressWarnings("unchecked")
  static Manifest read(Path directory) {
    Path path = directory.resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new BackupFormatException(
          directory
              + " holds no "
              + FILE
              + ": it is not a backup, or the backup did not finish (the manifest is written last)");
    } catch (IOException e) {
      throw new BackupFormatException("cannot read " + path + ": " + e.getMessage(), e);
    }
    Map<String, Object> json;
    try {
      json = Json.readObject(bytes);
    } catch (IllegalArgumentException e) {
      throw new BackupFormatException(path + " is not valid JSON: " + e.getMessage(), e);
    }
    try {
      return parse(path, json);
    } catch (BackupFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      // A member of the wrong JSON type (a fraction for a count, null for a string, ...).
      throw new BackupFormatException(path + ": malformed manifest: " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Manifest parse(Path path, Map<String, Object> json) {
    if (!FORMAT.equals(json.get("format"))) {
      throw new BackupFormatException(path + " is not an ErgoKV backup manifest (\"format\" is " + json.get("format") + ")");
    }
    long formatVersion = Json.number(json, "formatVersion", -1);
    if (formatVersion != FORMAT_VERSION) {
      throw new BackupFormatException(
          path
              + " has format version "
              + formatVersion
              + "; this ErgoKV reads version "
              + FORMAT_VERSION
              + (formatVersion > FORMAT_VERSION ? " (restore with the newer ErgoKV that wrote it)" : ""));
    }
    String compression = Json.string(json, "compression");
    if (!"gzip".equals(compression) && !"none".equals(compression)) {
      throw new BackupFormatException(path + ": unknown compression \"" + compression + "\"");
    }
    List<ModelFile> models = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> files = new HashSet<>();
    if (!(json.get("models") instanceof List)) {
      // Not an empty backup: one of no models still lists them, as [].
      throw new BackupFormatException(path + ": \"models\" is missing or not a list");
    }
    try {
      for (Object item : Json.array(json, "models")) {
        Map<String, Object> entry = (Map<String, Object>) item;
        String model = require(entry, "model", path);
        String file = require(entry, "file", path);
        if (!names.add(model)) {
          throw new BackupFormatException(path + " lists model '" + model + "' twice");
        }
        if (!files.add(file) || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
          throw new BackupFormatException(path + ": model '" + model + "' has an invalid or repeated file name \"" + file + "\"");
        }
        Map<Integer, Long> versions = new TreeMap<>();
        for (Map.Entry<String, Object> version : Json.object(entry, "versions").entrySet()) {
          if (!(version.getValue() instanceof Long)) {
            throw new BackupFormatException(
                path + ": model '" + model + "' has a count for version " + version.getKey() + " that is not an integer: " + version.getValue());
          }
          versions.put(Integer.valueOf(version.getKey()), (Long) version.getValue());
        }
        models.add(
            new ModelFile(
                model,
                file,
                Json.number(entry, "entities", -1),
                versions,
                Json.number(entry, "rawLines", 0),
                Json.number(entry, "bytes", -1),
                require(entry, "sha256", path)));
      }
    } catch (ClassCastException | NumberFormatException e) {
      throw new BackupFormatException(path + ": malformed model entry: " + e.getMessage(), e);
    }
    return new Manifest(
        Json.string(json, "keyspace"),
        Json.number(json, "snapshotTs", 0),
        Json.string(json, "snapshotTime"),
        "gzip".equals(compression),
        models);
  }

  private static String require(Map<String, Object> entry, String name, Path path) {
    String value = Json.string(entry, name);
    if (value == null || value.isEmpty()) {
      throw new BackupFormatException(path + ": a model entry lacks \"" + name + "\"");
    }
    return value;
  }
}
