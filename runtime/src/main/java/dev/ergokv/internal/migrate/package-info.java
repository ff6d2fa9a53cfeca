/**
 * Schema migrations: the {@code @MigrateFrom} version chain and its converters (read by the lazy
 * path in every transaction), and the eager runner with its lease, checkpoints and history, all
 * stored under the keyspace's migration tag. See {@code docs/migrations.md}.
 */
package dev.ergokv.internal.migrate;
