/**
 * The contract between classes woven by the ErgoKV enhancer and the runtime. <strong>For enhanced
 * code and the runtime, not for users:</strong> application code never needs these types, and they
 * may change with every release (which is why enhanced classes carry a {@link
 * dev.ergokv.enhance.Enhanced#FORMAT format version}).
 *
 * <p>The enhancer (module {@code ergokv-agent}, applied at build time by {@code
 * ergokv-maven-plugin} or at load time by {@code -javaagent}) makes every {@code @Entity} and
 * {@code @MappedSuperclass} class:
 *
 * <ul>
 *   <li>declare {@link dev.ergokv.enhance.EnhancedEntity}: slot-indexed field access without
 *       reflection and a per-instance dirty set;
 *   <li>carry {@link dev.ergokv.enhance.Enhanced}: the format version, the field names in slot
 *       order and how each slot is tracked ({@link dev.ergokv.enhance.SlotTracking});
 *   <li>mark a slot dirty on every write to its field outside constructors, and, through {@link
 *       dev.ergokv.enhance.Tracking}, on in-place changes of collection and map fields.
 * </ul>
 *
 * <p>The runtime reads a class's contract once with {@link dev.ergokv.enhance.EnhancedClass#of}.
 */
package dev.ergokv.enhance;
