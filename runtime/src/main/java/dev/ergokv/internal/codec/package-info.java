/**
 * Values: {@link dev.ergokv.internal.codec.EntityCodec} turns an entity into its stored value
 * (format byte, schema version, CBOR document by field name) and back, with per-field codecs
 * prepared once per model on Jackson's streaming API.
 */
package dev.ergokv.internal.codec;
