package dev.ergokv.internal.meta;

import dev.ergokv.ErgoKvException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link EntityAccess} through method handles resolved once per class: field getters and setters
 * (final fields of classes included), the no-arg constructor of classes and the canonical
 * constructor of records. No reflection happens after {@link #create}; every handle is adapted to
 * an erased signature so calls are {@code invokeExact}.
 *
 * <p>It cannot see field writes, so {@link #tracksWrites()} is false: the transaction layer
 * compares encodings to find changed entities.
 */
final class ReflectiveAccess<T> implements EntityAccess<T> {

  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
  private static final MethodType SETTER =
      MethodType.methodType(void.class, Object.class, Object.class);
  private static final MethodType FACTORY = MethodType.methodType(Object.class);
  private static final MethodType CANONICAL = MethodType.methodType(Object.class, Object[].class);

  private final Class<T> type;
  private final String[] names;
  private final boolean[] primitive;
  private final MethodHandle[] getters;
  private final MethodHandle[] setters;
  private final MethodHandle factory;
  private final MethodHandle canonical;

  private ReflectiveAccess(
      Class<T> type,
      String[] names,
      boolean[] primitive,
      MethodHandle[] getters,
      MethodHandle[] setters,
      MethodHandle factory,
      MethodHandle canonical) {
    this.type = type;
    this.names = names;
    this.primitive = primitive;
    this.getters = getters;
    this.setters = setters;
    this.factory = factory;
    this.canonical = canonical;
  }

  /**
   * Resolves every handle for {@code type}.
   *
   * @throws ReflectiveOperationException when a field or constructor is missing or cannot be
   *     reached (e.g. a package of a named module that is not open to ErgoKV)
   */
  static <T> ReflectiveAccess<T> create(Class<T> type, boolean record, List<FieldModel> fields)
      throws ReflectiveOperationException {
    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
    // A private field of a mapped superclass is reachable only through a lookup in the class that
    // declares it, not through one in the entity class.
    Map<Class<?>, MethodHandles.Lookup> lookups = new HashMap<>();
    lookups.put(type, lookup);
    int n = fields.size();
    String[] names = new String[n];
    boolean[] primitive = new boolean[n];
    MethodHandle[] getters = new MethodHandle[n];
    MethodHandle[] setters = record ? null : new MethodHandle[n];
    for (FieldModel model : fields) {
      int slot = model.slot();
      Field field = model.field();
      MethodHandles.Lookup fieldLookup = lookups.get(field.getDeclaringClass());
      if (fieldLookup == null) {
        fieldLookup = MethodHandles.privateLookupIn(field.getDeclaringClass(), MethodHandles.lookup());
        lookups.put(field.getDeclaringClass(), fieldLookup);
      }
      names[slot] = model.name();
      primitive[slot] = field.getType().isPrimitive();
      getters[slot] = fieldLookup.unreflectGetter(field).asType(GETTER);
      if (!record) {
        if (Modifier.isFinal(field.getModifiers())) {
          // A final field can only be written through a handle made from an accessible Field.
          field.setAccessible(true);
        }
        setters[slot] = fieldLookup.unreflectSetter(field).asType(SETTER);
      }
    }
    MethodHandle factory = null;
    MethodHandle canonical = null;
    if (record) {
      Class<?>[] parameterTypes = new Class<?>[n];
      for (FieldModel model : fields) {
        parameterTypes[model.slot()] = model.field().getType();
      }
      Constructor<T> constructor = type.getDeclaredConstructor(parameterTypes);
      canonical = lookup.unreflectConstructor(constructor).asSpreader(Object[].class, n);
      canonical = canonical.asType(CANONICAL);
    } else {
      Constructor<T> constructor = type.getDeclaredConstructor();
      factory = lookup.unreflectConstructor(constructor).asType(FACTORY);
    }
    return new ReflectiveAccess<>(type, names, primitive, getters, setters, factory, canonical);
  }

  @Override
  public Object get(T instance, int slot) {
    try {
      return getters[slot].invokeExact((Object) instance);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void set(T instance, int slot, Object value) {
    if (setters == null) {
      throw new UnsupportedOperationException(
          type.getName() + " is a record; its fields are set only by its canonical constructor");
    }
    if (value == null && primitive[slot]) {
      throw new IllegalArgumentException(
          type.getName() + "." + names[slot] + " is primitive and cannot be set to null");
    }
    try {
      setters[slot].invokeExact((Object) instance, value);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public T newInstance() {
    if (factory == null) {
      throw new UnsupportedOperationException(
          type.getName() + " is a record; create it with construct(values)");
    }
    return EntityAccesses.newInstance(type, factory);
  }

  @Override
  public T construct(Object[] values) {
    if (values.length != getters.length) {
      throw new IllegalArgumentException(
          type.getName() + " has " + getters.length + " fields, got " + values.length + " values");
    }
    if (canonical == null) {
      T instance = newInstance();
      for (int slot = 0; slot < values.length; slot++) {
        set(instance, slot, values[slot]);
      }
      return instance;
    }
    for (int slot = 0; slot < values.length; slot++) {
      if (values[slot] == null && primitive[slot]) {
        throw new IllegalArgumentException(
            type.getName() + "." + names[slot] + " is primitive and cannot be null");
      }
    }
    try {
      return type.cast(canonical.invokeExact(values));
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      // A canonical constructor may validate its arguments; say whose constructor refused.
      throw new ErgoKvException(
          "The canonical constructor of record " + type.getName() + " failed: " + e, e);
    }
  }

  @Override
  public boolean tracksWrites() {
    return false;
  }

  @Override
  public boolean isDirty(T instance) {
    throw new UnsupportedOperationException(
        type.getName() + " is not enhanced: compare encodings to detect changes");
  }

  @Override
  public void markClean(T instance) {
    throw new UnsupportedOperationException(
        type.getName() + " is not enhanced: it records no writes to forget");
  }
}
