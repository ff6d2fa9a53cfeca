/**
 * Schema migrations of stored entities: the {@link dev.ergokv.migrate.Migration} converter an
 * application writes for each {@link dev.ergokv.annotation.MigrateFrom} link, and the eager
 * runner ({@code ErgoKv.migrate}) with its results, history and progress reports. See {@code
 * docs/migrations.md}.
 */
package dev.ergokv.migrate;
