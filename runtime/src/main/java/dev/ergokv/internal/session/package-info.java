/**
 * The unit of work behind every transaction: {@link dev.ergokv.internal.session.Session} (identity
 * map, change detection, the net write set and index maintenance from the stored pre-image,
 * commit and error translation), {@link dev.ergokv.internal.session.Runner} (transact/read with
 * retry and thread binding) and {@link dev.ergokv.internal.session.Store} (what one ErgoKv
 * shares). See {@code docs/runtime.md}.
 */
package dev.ergokv.internal.session;
