/**
 * The metadata model: what ErgoKV knows about each {@code @Entity} class, built once per class by
 * {@link dev.ergokv.internal.meta.EntityModels#of(Class)}.
 *
 * <ul>
 *   <li>{@link dev.ergokv.internal.meta.EntityModel}: model name, schema version, key, fields in
 *       canonical order (the slot numbering shared with the enhancer), indexes;
 *   <li>{@link dev.ergokv.internal.meta.FieldModel}, {@link dev.ergokv.internal.meta.IndexModel},
 *       {@link dev.ergokv.internal.meta.TypeModel}, {@link dev.ergokv.internal.meta.StructModel}
 *       for fields, indexes, field types and nested values;
 *   <li>{@link dev.ergokv.internal.meta.EntityAccess}: reading, writing and creating instances by
 *       slot, and change tracking: the seam where enhanced classes plug in.
 * </ul>
 *
 * Invalid mappings are collected, not thrown one by one: the runtime throws them as one {@link
 * dev.ergokv.MappingException}, the build-time validator lists them.
 */
package dev.ergokv.internal.meta;
