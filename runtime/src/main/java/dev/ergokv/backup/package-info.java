/**
 * Backup and restore of entities: one consistent snapshot per backup, streamed NDJSON files with a
 * manifest and checksums, and a restore that checks everything before writing, writes in batches
 * with index entries, and is idempotent. See {@code docs/backup.md}.
 */
package dev.ergokv.backup;
