package dev.ergokv.internal.migrate;

import dev.ergokv.migrate.Migration;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and checks the converter of one {@code @MigrateFrom} link: the class named by {@code
 * using}, or the static {@code migrateFrom} method of the newer class. The checks run when the
 * newer class is mapped (so a broken converter is a {@code MappingException}, and a build error
 * through the Maven plugin); {@link #resolve} makes the callable form once the checks passed.
 */
public final class Converters {

  /** The name of the static converter method looked up when {@code using} is not given. */
  public static final String METHOD_NAME = "migrateFrom";

  /** A converter ready to call: previous version in, newer version out. */
  @FunctionalInterface
  public interface Converter {
    /** Converts; exceptions are the user's and are reported by the caller with the key. */
    Object convert(Object previous) throws Exception;
  }

  private Converters() {}

  /**
   * Every problem of the converter from {@code previous} to {@code newer}, each message naming the
   * class (and method) at fault and saying what to declare; empty when it is fine.
   *
   * @param using the {@code using} element of the annotation ({@code Migration.class}: none)
   */
  public static List<String> problems(Class<?> newer, Class<?> previous, Class<?> using) {
    List<String> problems = new ArrayList<>();
    List<Method> methods = methodsNamed(newer);
    if (using != Migration.class) {
      checkUsing(newer, previous, using, problems);
      for (Method method : methods) {
        if (Modifier.isStatic(method.getModifiers())) {
          problems.add(
              describe(method)
                  + ": @MigrateFrom names a converter class ("
                  + using.getName()
                  + ") and this static "
                  + METHOD_NAME
                  + " method exists too; keep one of them");
        }
      }
      return problems;
    }
    if (methods.isEmpty()) {
      problems.add(
          newer.getName()
              + ": @MigrateFrom("
              + previous.getSimpleName()
              + ".class) has no converter; declare 'static "
              + newer.getSimpleName()
              + " "
              + METHOD_NAME
              + "("
              + previous.getSimpleName()
              + " previous)' in "
              + newer.getSimpleName()
              + ", or a class implementing Migration<"
              + previous.getSimpleName()
              + ", "
              + newer.getSimpleName()
              + "> named by @MigrateFrom(value = "
              + previous.getSimpleName()
              + ".class, using = ...)");
      return problems;
    }
    if (methods.size() > 1) {
      problems.add(
          newer.getName()
              + ": declares "
              + methods.size()
              + " methods named "
              + METHOD_NAME
              + "; keep exactly one, 'static "
              + newer.getSimpleName()
              + " "
              + METHOD_NAME
              + "("
              + previous.getSimpleName()
              + " previous)'");
      return problems;
    }
    Method method = methods.get(0);
    if (!Modifier.isStatic(method.getModifiers())) {
      problems.add(
          describe(method)
              + ": the converter must be static (it creates the new instance from the previous"
              + " one)");
    }
    if (method.getParameterCount() != 1 || method.getParameterTypes()[0] != previous) {
      problems.add(
          describe(method)
              + ": the converter must take exactly one parameter of type "
              + previous.getName()
              + " (the @MigrateFrom class)");
    }
    if (method.getReturnType() != newer) {
      problems.add(
          describe(method)
              + ": the converter must return "
              + newer.getName()
              + ", not "
              + method.getReturnType().getName());
    }
    return problems;
  }

  /**
   * The callable converter of a link whose {@link #problems} are empty.
   *
   * @throws IllegalStateException when it cannot be made (a constructor that throws, access
   *     refused); the message names the class
   */
  public static Converter resolve(Class<?> newer, Class<?> previous, Class<?> using) {
    if (using != Migration.class) {
      Migration<Object, Object> migration = instantiate(using);
      return migration::migrate;
    }
    Method method = methodsNamed(newer).get(0);
    try {
      method.setAccessible(true);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          describe(method) + " cannot be called: " + e.getMessage(), e);
    }
    return previousValue -> {
      try {
        return method.invoke(null, previousValue);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception) {
          throw (Exception) cause;
        }
        throw (Error) cause;
      }
    };
  }

  /** How a converter is named in messages: the method, or the class. */
  public static String describe(Class<?> newer, Class<?> previous, Class<?> using) {
    if (using != Migration.class) {
      return using.getName() + ".migrate";
    }
    return newer.getName() + "." + METHOD_NAME + "(" + previous.getSimpleName() + ")";
  }

  private static void checkUsing(
      Class<?> newer, Class<?> previous, Class<?> using, List<String> problems) {
    String where = using.getName() + " (the converter of " + newer.getName() + ")";
    if (using.isInterface() || Modifier.isAbstract(using.getModifiers())) {
      problems.add(where + ": is abstract; name a concrete class implementing Migration");
      return;
    }
    if (using.getEnclosingClass() != null && !Modifier.isStatic(using.getModifiers())) {
      problems.add(where + ": is an inner class; make it static (it is created without an outer instance)");
      return;
    }
    try {
      using.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      problems.add(where + ": has no no-arg constructor; declare one (any visibility)");
    }
    Type[] arguments = migrationArguments(using);
    if (arguments == null) {
      problems.add(
          where
              + ": declare the type arguments, 'implements Migration<"
              + previous.getSimpleName()
              + ", "
              + newer.getSimpleName()
              + ">', so the link can be checked");
      return;
    }
    if (arguments[0] != previous || arguments[1] != newer) {
      problems.add(
          where
              + ": implements Migration<"
              + typeName(arguments[0])
              + ", "
              + typeName(arguments[1])
              + ">, but the link needs Migration<"
              + previous.getName()
              + ", "
              + newer.getName()
              + ">");
    }
  }

  /** The concrete type arguments of Migration as implemented by {@code type}, or null. */
  private static Type[] migrationArguments(Class<?> type) {
    for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
      for (Type candidate : current.getGenericInterfaces()) {
        if (candidate instanceof ParameterizedType
            && ((ParameterizedType) candidate).getRawType() == Migration.class) {
          Type[] arguments = ((ParameterizedType) candidate).getActualTypeArguments();
          return arguments[0] instanceof Class && arguments[1] instanceof Class ? arguments : null;
        }
      }
    }
    return null;
  }

  private static String typeName(Type type) {
    return type instanceof Class ? ((Class<?>) type).getName() : type.getTypeName();
  }

  private static List<Method> methodsNamed(Class<?> type) {
    List<Method> methods = new ArrayList<>();
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(METHOD_NAME) && !method.isSynthetic() && !method.isBridge()) {
        methods.add(method);
      }
    }
    return methods;
  }

  private static String describe(Method method) {
    StringBuilder text =
        new StringBuilder(method.getDeclaringClass().getName())
            .append('.')
            .append(method.getName())
            .append('(');
    Class<?>[] parameters = method.getParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      text.append(i == 0 ? "" : ", ").append(parameters[i].getSimpleName());
    }
    return text.append(')').toString();
  }

  @SuppressWarnings("unchecked")
  private static Migration<Object, Object> instantiate(Class<?> using) {
    try {
      Constructor<?> constructor = using.getDeclaredConstructor();
      constructor.setAccessible(true);
      return (Migration<Object, Object>) constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "The converter " + using.getName() + " failed in its constructor: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "The converter " + using.getName() + " cannot be created: " + e, e);
    }
  }
}
