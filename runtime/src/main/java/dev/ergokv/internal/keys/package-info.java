/**
 * Keys: the order-preserving, self-delimiting encoding of key components ({@link
 * dev.ergokv.internal.keys.KeyFormat}, one {@link dev.ergokv.internal.keys.KeyCodec} per
 * indexable type) and the layout of every key ErgoKV writes ({@link
 * dev.ergokv.internal.keys.KeySpace}, {@link dev.ergokv.internal.keys.ModelKeys}). The format is
 * specified in {@code docs/mapping.md}.
 */
package dev.ergokv.internal.keys;
