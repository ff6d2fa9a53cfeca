package dev.ergokv.internal.meta;

import java.lang.reflect.GenericDeclaration;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Substitution of type variables, so that a field declared {@code ID id} in {@code class
 * Base<ID>} has type {@code UUID} in {@code class User extends Base<UUID>}.
 */
final class ResolvedType {

  private ResolvedType() {}

  /** The bindings of {@code type}'s type parameters to {@code arguments}, themselves resolved. */
  static Map<TypeVariable<?>, Type> bind(
      GenericDeclaration type, Type[] arguments, Map<TypeVariable<?>, Type> outer) {
    TypeVariable<?>[] variables = type.getTypeParameters();
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    for (int i = 0; i < variables.length && i < arguments.length; i++) {
      bindings.put(variables[i], substitute(arguments[i], outer));
    }
    return bindings;
  }

  /**
   * {@code type} with every bound type variable replaced; unbound variables, wildcards and generic
   * arrays are left as they are (they are unsupported and reported by the model builder).
   */
  static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?>) {
      return bindings.getOrDefault(type, type);
    }
    if (type instanceof ParameterizedType) {
      ParameterizedType parameterized = (ParameterizedType) type;
      Type[] arguments = parameterized.getActualTypeArguments().clone();
      boolean changed = false;
      for (int i = 0; i < arguments.length; i++) {
        Type resolved = substitute(arguments[i], bindings);
        changed |= resolved != arguments[i];
        arguments[i] = resolved;
      }
      return changed
          ? new Parameterized(
              (Class<?>) parameterized.getRawType(), parameterized.getOwnerType(), arguments)
          : type;
    }
    return type;
  }

  /** A parameterized type with substituted arguments; equal to any other with the same parts. */
  private static final class Parameterized implements ParameterizedType {
    private final Class<?> raw;
    private final Type owner;
    private final Type[] arguments;

    Parameterized(Class<?> raw, Type owner, Type[] arguments) {
      this.raw = raw;
      this.owner = owner;
      this.arguments = arguments;
    }

    @Override
    public Type[] getActualTypeArguments() {
      return arguments.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return owner;
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof ParameterizedType)) {
        return false;
      }
      ParameterizedType that = (ParameterizedType) other;
      return raw.equals(that.getRawType())
          && Objects.equals(owner, that.getOwnerType())
          && Arrays.equals(arguments, that.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      // Same formula as the JDK's implementation, so mixed keys in hash maps agree.
      return Arrays.hashCode(arguments) ^ Objects.hashCode(owner) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(raw.getTypeName()).append('<');
      for (int i = 0; i < arguments.length; i++) {
        text.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
      }
      return text.append('>').toString();
    }
  }
}
