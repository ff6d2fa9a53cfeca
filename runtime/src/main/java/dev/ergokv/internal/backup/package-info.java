/**
 * Backup and restore: the lossless JSON form of stored documents ({@code CborJson}), the NDJSON
 * lines and the manifest, the snapshot-wide backup writer and the checking, batched restore. See
 * {@code docs/backup.md}.
 */
package dev.ergokv.internal.backup;
