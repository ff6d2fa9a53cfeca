/**
 * ErgoKV: typed entity persistence on TiKV.
 *
 * <ul>
 *   <li>{@link dev.ergokv.ErgoKv}: the connection, and units of work ({@code transact}, {@code
 *       transactResult}, {@code read}, {@code begin});
 *   <li>{@link dev.ergokv.ReadTransaction} and {@link dev.ergokv.Transaction}: loading, saving,
 *       deleting and querying entities in one snapshot, committed atomically;
 *   <li>{@link dev.ergokv.IndexQuery}: equality and range queries over an index;
 *   <li>{@link dev.ergokv.Repository}: typed finder interfaces implemented at run time;
 *   <li>the exceptions, all under {@link dev.ergokv.ErgoKvException}.
 * </ul>
 *
 * Entities are declared with the annotations of {@link dev.ergokv.annotation}. Everything under
 * {@code dev.ergokv.internal} and {@code dev.ergokv.enhance} is not API.
 */
package dev.ergokv;
