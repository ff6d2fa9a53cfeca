package dev.ergokv.internal.migrate;

import dev.ergokv.migrate.MigrationResult;
import dev.ergokv.migrate.MigrationStatus;
import dev.ergokv.migrate.UniqueCollision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored record of one migration run, rewritten by every batch in the batch's transaction (so
 * its counts and checkpoint always match the data), as JSON:
 *
 * <pre>{@code
 * {"runId": "...", "model": "User", "toVersion": 3, "status": "RUNNING",
 *  "migratedFromVersion": {"1": 500, "2": 20}, "scanned": 900, "migrated": 520,
 *  "duplicates": [...], "duplicateCount": 0, "failedKey": null, "error": null,
 *  "owner": "...", "resumes": 0, "batches": 3,
 *  "startedAt": 1700000000000, "updatedAt": ..., "finishedAt": null,
 *  "checkpoint": "<hex of the last entity key examined>"}
 * }</pre>
 */
final class RunRecord {

  /** At most this many collisions are kept in the record (all are counted). */
  static final int MAX_DUPLICATES = 100;

  String runId;
  String model;
  int toVersion;
  MigrationStatus status = MigrationStatus.RUNNING;
  TreeMap<Integer, Long> migratedFromVersion = new TreeMap<>();
  long scanned;
  long migrated;
  List<UniqueCollision> duplicates = new ArrayList<>();
  long duplicateCount;
  String failedKey;
  String error;
  String owner;
  int resumes;
  long batches;
  long startedAt;
  long updatedAt;
  long finishedAt;
  /** The last entity key examined; the next batch starts after it. Null: from the start. */
  byte[] checkpoint;

  RunRecord copy() {
    RunRecord copy = new RunRecord();
    copy.runId = runId;
    copy.model = model;
    copy.toVersion = toVersion;
    copy.status = status;
    copy.migratedFromVersion = new TreeMap<>(migratedFromVersion);
    copy.scanned = scanned;
    copy.migrated = migrated;
    copy.duplicates = new ArrayList<>(duplicates);
    copy.duplicateCount = duplicateCount;
    copy.failedKey = failedKey;
    copy.error = error;
    copy.owner = owner;
    copy.resumes = resumes;
    copy.batches = batches;
    copy.startedAt = startedAt;
    copy.updatedAt = updatedAt;
    copy.finishedAt = finishedAt;
    copy.checkpoint = checkpoint;
    return copy;
  }

  void addDuplicate(UniqueCollision collision) {
    duplicateCount++;
    if (duplicates.size() < MAX_DUPLICATES) {
      duplicates.add(collision);
    }
  }

  byte[] toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("runId", runId);
    json.put("model", model);
    json.put("toVersion", (long) toVersion);
    json.put("status", status.name());
    Map<String, Object> versions = new LinkedHashMap<>();
    migratedFromVersion.forEach((version, count) -> versions.put(String.valueOf(version), count));
    json.put("migratedFromVersion", versions);
    json.put("scanned", scanned);
    json.put("migrated", migrated);
    List<Object> collisions = new ArrayList<>();
    for (UniqueCollision collision : duplicates) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("index", collision.index());
      entry.put("value", collision.value());
      entry.put("ownerKey", collision.ownerKey());
      entry.put("claimantKey", collision.claimantKey());
      collisions.add(entry);
    }
    json.put("duplicates", collisions);
    json.put("duplicateCount", duplicateCount);
    json.put("failedKey", failedKey);
    json.put("error", error);
    json.put("owner", owner);
    json.put("resumes", (long) resumes);
    json.put("batches", batches);
    json.put("startedAt", startedAt);
    json.put("updatedAt", updatedAt);
    json.put("finishedAt", finishedAt == 0 ? null : (Object) finishedAt);
    json.put("checkpoint", checkpoint == null ? null : KeyText.hex(checkpoint));
    return Json.write(json, false);
  }

  static RunRecord fromJson(byte[] bytes) {
    Map<String, Object> json = Json.readObject(bytes);
    RunRecord record = new RunRecord();
    record.runId = Json.string(json, "runId");
    record.model = Json.string(json, "model");
    record.toVersion = (int) Json.number(json, "toVersion", 0);
    record.status = MigrationStatus.valueOf(Json.string(json, "status"));
    Json.object(json, "migratedFromVersion")
        .forEach((version, count) -> record.migratedFromVersion.put(Integer.valueOf(version), ((Number) count).longValue()));
    record.scanned = Json.number(json, "scanned", 0);
    record.migrated = Json.number(json, "migrated", 0);
    for (Object entry : Json.array(json, "duplicates")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> collision = (Map<String, Object>) entry;
      record.duplicates.add(
          new UniqueCollision(
              record.model,
              Json.string(collision, "index"),
              Json.string(collision, "value"),
              Json.string(collision, "ownerKey"),
              Json.string(collision, "claimantKey")));
    }
    record.duplicateCount = Json.number(json, "duplicateCount", 0);
    record.failedKey = Json.string(json, "failedKey");
    record.error = Json.string(json, "error");
    record.owner = Json.string(json, "owner");
    record.resumes = (int) Json.number(json, "resumes", 0);
    record.batches = Json.number(json, "batches", 0);
    record.startedAt = Json.number(json, "startedAt", 0);
    record.updatedAt = Json.number(json, "updatedAt", 0);
    record.finishedAt = Json.number(json, "finishedAt", 0);
    String checkpoint = Json.string(json, "checkpoint");
    record.checkpoint = checkpoint == null ? null : KeyText.unhex(checkpoint);
    return record;
  }

  MigrationResult toResult() {
    return toResult(status);
  }

  MigrationResult toResult(MigrationStatus as) {
    return new MigrationResult(
        runId,
        model,
        toVersion,
        as,
        migratedFromVersion,
        scanned,
        migrated,
        duplicates,
        duplicateCount,
        failedKey,
        error,
        owner,
        resumes,
        batches,
        instant(startedAt),
        instant(updatedAt),
        instant(finishedAt));
  }

  private static Instant instant(long millis) {
    return millis == 0 ? null : Instant.ofEpochMilli(millis);
  }
}
