package dev.ergokv.agent.internal;

import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

/**
 * Decides which {@code PUTFIELD} instructions write a persistent field, resolving the field the
 * way the JVM does: in the named class, then up its superclasses. Results are cached per
 * instruction signature, since a class usually writes the same few fields many times.
 */
final class FieldWriteTargets {

  private static final String NONE = "";

  private final TypePool typePool;
  private final Map<String, String> cache = new HashMap<>();

  FieldWriteTargets(TypePool typePool) {
    this.typePool = typePool;
  }

  /**
   * The internal name of the slotted class declaring the persistent field written by {@code
   * PUTFIELD owner.name:descriptor}, or null when the write is not tracked.
   */
  String declaringClass(String owner, String name, String descriptor) {
    String key = owner + '.' + name + ':' + descriptor;
    String declaring = cache.computeIfAbsent(key, k -> resolve(owner, name, descriptor));
    return declaring.isEmpty() ? null : declaring;
  }

  private String resolve(String owner, String name, String descriptor) {
    TypePool.Resolution resolution = typePool.describe(owner.replace('/', '.'));
    if (!resolution.isResolved()) {
      // Not on the class path the enhancer sees, so not a class it enhances either.
      return NONE;
    }
    TypeDescription type = resolution.resolve();
    while (type != null) {
      for (FieldDescription.InDefinedShape field : type.getDeclaredFields()) {
        if (field.getName().equals(name) && field.getDescriptor().equals(descriptor)) {
          return EntityTypes.isSlotted(type) && EntityTypes.isPersistent(field)
              ? type.getInternalName()
              : NONE;
        }
      }
      TypeDescription.Generic superClass = type.getSuperClass();
      type = superClass == null ? null : superClass.asErasure();
    }
    return NONE;
  }
}
