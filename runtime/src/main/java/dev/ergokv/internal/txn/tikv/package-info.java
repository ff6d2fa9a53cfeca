/**
 * The transaction engine over TiKV: {@link dev.ergokv.internal.txn.tikv.TikvEngine} implements
 * the {@code dev.ergokv.internal.txn} seam with tikv-client-java's region cache, PD client and
 * channels, and its own Percolator protocol sent through the kvproto stubs: snapshot reads with
 * lock resolution ({@code SnapshotReader}, {@code LockResolver}, {@code MergedScan}), buffered
 * writes ({@code WriteBuffer}) and the commit path ({@code Committer}: parallel prewrite, 1PC,
 * rollback on failure, heartbeats), over routing and retries ({@code RegionRpc}, {@code
 * Deadline}). {@code docs/transactions.md} describes the protocol and its choices.
 */
package dev.ergokv.internal.txn.tikv;
