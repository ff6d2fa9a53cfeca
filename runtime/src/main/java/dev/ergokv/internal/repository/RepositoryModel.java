package dev.ergokv.internal.repository;

import dev.ergokv.Repository;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.meta.FieldModel;
import dev.ergokv.internal.meta.IndexModel;
import dev.ergokv.internal.meta.TypeModel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a repository interface means: its entity and key types, and a plan for each method, parsed
 * once per interface from method names and signatures. An interface that cannot be implemented
 * has a list of problems instead, one per method at fault, each naming the method and the entity.
 */
final class RepositoryModel {

  private static final ClassValue<RepositoryModel> MODELS =
      new ClassValue<>() {
        @Override
        protected RepositoryModel computeValue(Class<?> type) {
          return new RepositoryModel(type);
        }
      };

  /** The methods of {@link Repository} itself, by name, with their parameter counts. */
  private static final Map<String, Integer> BASE_METHODS =
      Arrays.stream(Repository.class.getMethods())
          .collect(Collectors.toMap(Method::getName, Method::getParameterCount));

  final Class<?> type;
  Class<?> entityType;
  final Map<Method, MethodPlan> plans = new HashMap<>();
  final List<String> problems = new ArrayList<>();

  private RepositoryModel(Class<?> type) {
    this.type = type;
    if (!type.isInterface() || !Repository.class.isAssignableFrom(type)) {
      problems.add(type.getName() + " is not an interface extending " + Repository.class.getName());
      return;
    }
    if (type.getTypeParameters().length > 0) {
      problems.add(
          type.getName()
              + " has type parameters; a repository is an interface that names its entity, e.g."
              + " interface Users extends Repository<User, UUID>");
      return;
    }
    Type[] arguments = repositoryArguments(type, Map.of());
    if (arguments == null
        || !(arguments[0] instanceof Class)
        || !(arguments[1] instanceof Class)) {
      problems.add(
          type.getName()
              + " does not bind the type arguments of Repository<T, K> to classes, e.g."
              + " interface Users extends Repository<User, UUID>");
      return;
    }
    entityType = (Class<?>) arguments[0];
    Class<?> keyType = (Class<?>) arguments[1];
    if (!EntityModels.isEntity(entityType)) {
      problems.add(
          type.getName()
              + ": its entity type "
              + entityType.getName()
              + " is not annotated @Entity");
      return;
    }
    List<String> entityProblems = EntityModels.problems(entityType);
    if (!entityProblems.isEmpty()) {
      problems.add(
          type.getName()
              + ": its entity "
              + entityType.getName()
              + " has an invalid mapping: "
              + String.join("; ", entityProblems));
      return;
    }
    EntityModel<?> model = EntityModels.of(entityType);
    TypeModel key = model.key().type();
    if (box(keyType) != box(key.rawType())) {
      problems.add(
          type.getName()
              + " declares key type "
              + keyType.getName()
              + ", but the @Key of "
              + entityType.getName()
              + " ("
              + model.key().name()
              + ") is "
              + key.describe());
    }
    Method[] methods = type.getMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName).thenComparing(Method::toString));
    for (Method method : methods) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      if (method.isDefault()) {
        plans.put(method, MethodPlan.DEFAULT);
        continue;
      }
      Integer baseArity = BASE_METHODS.get(method.getName());
      if (baseArity != null && baseArity == method.getParameterCount()) {
        plans.put(method, MethodPlan.base(method.getName()));
        continue;
      }
      String problem = parseFinder(method, model);
      if (problem != null) {
        problems.add(describe(method) + ": " + problem + " (entity " + entityType.getName() + ")");
      }
    }
  }

  /** The model of a repository interface (parsed once, valid or not). */
  static RepositoryModel of(Class<?> type) {
    return MODELS.get(type);
  }

  // ------------------------------------------------------------------ finders

  private enum Condition {
    // Longer names first, so "GreaterThanEqual" is not read as "GreaterThan" of "...Equal".
    GREATER_THAN_OR_EQUAL("GreaterThanOrEqual", 1),
    GREATER_THAN_EQUAL("GreaterThanEqual", 1),
    LESS_THAN_OR_EQUAL("LessThanOrEqual", 1),
    LESS_THAN_EQUAL("LessThanEqual", 1),
    GREATER_THAN("GreaterThan", 1),
    LESS_THAN("LessThan", 1),
    BETWEEN("Between", 2),
    EQUAL("", 1);

    final String suffix;
    final int arguments;

    Condition(String suffix, int arguments) {
      this.suffix = suffix;
      this.arguments = arguments;
    }
  }

  /** Parses a finder into a plan, or returns what is wrong with it. */
  private String parseFinder(Method method, EntityModel<?> model) {
    String name = method.getName();
    boolean count = false;
    String rest;
    if (name.startsWith("countBy")) {
      count = true;
      rest = name.substring("countBy".length());
    } else if (name.startsWith("findBy")) {
      rest = name.substring("findBy".length());
    } else if (name.startsWith("by")) {
      rest = name.substring("by".length());
    } else {
      return "not a finder: finder names start with 'by', 'findBy' or 'countBy' followed by an"
          + " indexed field, e.g. byUsername or byAgeBetween";
    }
    if (rest.isEmpty() || !Character.isUpperCase(rest.charAt(0))) {
      return "a finder name needs a capitalised field after '"
          + name.substring(0, name.length() - rest.length())
          + "', e.g. byUsername";
    }
    // The longest condition whose remaining name is an index wins; a field that itself ends in a
    // condition's name ("rangeBetween") is still found by plain equality.
    IndexModel index = null;
    Condition condition = null;
    for (Condition candidate : Condition.values()) {
      if (rest.endsWith(candidate.suffix) && rest.length() > candidate.suffix.length()) {
        IndexModel found =
            findIndex(model, rest.substring(0, rest.length() - candidate.suffix.length()));
        if (found != null) {
          index = found;
          condition = candidate;
          break;
        }
      }
    }
    if (index == null) {
      return model.type().getSimpleName()
          + " has no index on '"
          + decapitalize(stripCondition(rest))
          + "'; its indexes: "
          + describeIndexes(model);
    }
    if (method.getParameterCount() != condition.arguments) {
      return condition == Condition.EQUAL
          ? "an equality finder takes exactly one argument, the value"
          : "'" + condition.suffix + "' takes " + condition.arguments + " argument"
              + (condition.arguments == 1 ? "" : "s") + ", got " + method.getParameterCount();
    }
    for (Class<?> parameter : method.getParameterTypes()) {
      if (!fits(parameter, index.valueType())) {
        return "index '"
            + index.name()
            + "' holds "
            + index.valueType().describe()
            + " values; parameter type "
            + parameter.getSimpleName()
            + " does not fit";
      }
    }
    MethodPlan.Result result;
    if (count) {
      if (method.getReturnType() != long.class && method.getReturnType() != Long.class) {
        return "a countBy finder returns long";
      }
      result = MethodPlan.Result.COUNT;
    } else {
      result = resultOf(method.getGenericReturnType());
      if (result == null) {
        return "a finder returns Optional<"
            + entityType.getSimpleName()
            + ">, Stream<"
            + entityType.getSimpleName()
            + "> or List<"
            + entityType.getSimpleName()
            + ">";
      }
      if (result == MethodPlan.Result.OPTIONAL
          && (condition != Condition.EQUAL || !index.isUnique())) {
        return condition != Condition.EQUAL
            ? "a range finds many entities: return Stream or List"
            : "index '"
                + index.name()
                + "' is not @Unique, so one value can find many entities: return Stream or List";
      }
    }
    plans.put(method, MethodPlan.finder(index, condition.name(), result));
    return null;
  }

  private static IndexModel findIndex(EntityModel<?> model, String property) {
    String name = decapitalize(property);
    IndexModel index = model.index(name);
    if (index != null) {
      return index;
    }
    FieldModel field = model.field(name);
    if (field != null && field.index() != null) {
      return field.index();
    }
    for (IndexModel candidate : model.indexes()) {
      if (candidate.name().equalsIgnoreCase(property)
          || candidate.field().name().equalsIgnoreCase(property)) {
        return candidate;
      }
    }
    return null;
  }

  private static String stripCondition(String rest) {
    for (Condition condition : Condition.values()) {
      if (!condition.suffix.isEmpty()
          && rest.endsWith(condition.suffix)
          && rest.length() > condition.suffix.length()) {
        return rest.substring(0, rest.length() - condition.suffix.length());
      }
    }
    return rest;
  }

  private MethodPlan.Result resultOf(Type returnType) {
    if (!(returnType instanceof ParameterizedType)) {
      return null;
    }
    ParameterizedType parameterized = (ParameterizedType) returnType;
    if (parameterized.getActualTypeArguments()[0] != entityType) {
      return null;
    }
    Type raw = parameterized.getRawType();
    if (raw == Optional.class) {
      return MethodPlan.Result.OPTIONAL;
    }
    if (raw == Stream.class) {
      return MethodPlan.Result.STREAM;
    }
    if (raw == List.class) {
      return MethodPlan.Result.LIST;
    }
    return null;
  }

  private static boolean fits(Class<?> parameter, TypeModel valueType) {
    Class<?> given = box(parameter);
    Class<?> wanted = box(valueType.rawType());
    if (given == wanted) {
      return true;
    }
    List<Class<?>> integral = List.of(Byte.class, Short.class, Integer.class, Long.class);
    if (integral.contains(given) && integral.contains(wanted)) {
      return true;
    }
    List<Class<?>> floating = List.of(Float.class, Double.class);
    return floating.contains(given) && floating.contains(wanted);
  }

  private static String describeIndexes(EntityModel<?> model) {
    if (model.indexes().isEmpty()) {
      return "none";
    }
    return model.indexes().stream()
        .map(
            i ->
                i.field().name()
                    + (i.isUnique() ? " (@Unique" : " (@Index")
                    + (i.name().equals(i.field().name()) ? ")" : " '" + i.name() + "')"))
        .collect(Collectors.joining(", "));
  }

  private static String decapitalize(String name) {
    if (name.length() > 1 && Character.isUpperCase(name.charAt(1))) {
      return name; // "URL" stays "URL", as JavaBeans has it
    }
    return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
  }

  private static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    if (type == int.class) {
      return Integer.class;
    }
    if (type == long.class) {
      return Long.class;
    }
    if (type == boolean.class) {
      return Boolean.class;
    }
    if (type == double.class) {
      return Double.class;
    }
    if (type == float.class) {
      return Float.class;
    }
    if (type == short.class) {
      return Short.class;
    }
    if (type == byte.class) {
      return Byte.class;
    }
    if (type == char.class) {
      return Character.class;
    }
    return type;
  }

  static String describe(Method method) {
    return method.getDeclaringClass().getName()
        + "."
        + method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  /** The actual type arguments of Repository as seen from {@code type}, or null. */
  private static Type[] repositoryArguments(Class<?> type, Map<TypeVariable<?>, Type> bindings) {
    for (Type supertype : type.getGenericInterfaces()) {
      Class<?> raw;
      Map<TypeVariable<?>, Type> next = new HashMap<>();
      if (supertype instanceof ParameterizedType) {
        ParameterizedType parameterized = (ParameterizedType) supertype;
        raw = (Class<?>) parameterized.getRawType();
        Type[] arguments = parameterized.getActualTypeArguments();
        for (int i = 0; i < arguments.length; i++) {
          Type argument = arguments[i];
          if (argument instanceof TypeVariable && bindings.containsKey(argument)) {
            argument = bindings.get(argument);
          }
          arguments[i] = argument;
          next.put(raw.getTypeParameters()[i], argument);
        }
        if (raw == Repository.class) {
          return arguments;
        }
      } else if (supertype instanceof Class) {
        raw = (Class<?>) supertype;
        if (raw == Repository.class) {
          return null; // raw Repository: nothing bound
        }
      } else {
        continue;
      }
      if (Repository.class.isAssignableFrom(raw)) {
        Type[] found = repositoryArguments(raw, next);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
