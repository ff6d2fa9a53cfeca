package dev.ergokv.internal.meta;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.MappedSuperclass;
import dev.ergokv.annotation.MigrateFrom;
import dev.ergokv.annotation.Transient;
import dev.ergokv.annotation.Unique;
import dev.ergokv.internal.meta.TypeModel.Kind;
import dev.ergokv.internal.migrate.Converters;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Builds the {@link EntityModel} of one class, collecting every mapping problem instead of
 * stopping at the first, so one {@code MappingException} (or one build-time report) lists them
 * all. Single use, not thread-safe; {@link EntityModels} caches the outcome.
 */
final class ModelBuilder {

  static final String SUPPORTED_TYPES =
      "primitives and their boxes, String, byte[], UUID, enums, BigInteger, BigDecimal, Instant,"
          + " LocalDate, LocalTime, LocalDateTime, OffsetDateTime, ZonedDateTime, Duration, Period,"
          + " Year, YearMonth, Optional<T>, List<T>, Set<T>, Map<K, V>, and nested value classes"
          + " (no-arg constructor) or records of these";

  private static final Map<Class<?>, Kind> SCALARS = scalars();

  private static final Set<Kind> MAP_KEY_KINDS =
      Collections.unmodifiableSet(
          EnumSet.of(
              Kind.STRING,
              Kind.BYTE,
              Kind.SHORT,
              Kind.INT,
              Kind.LONG,
              Kind.FLOAT,
              Kind.DOUBLE,
              Kind.BIG_INTEGER,
              Kind.BIG_DECIMAL,
              Kind.UUID,
              Kind.ENUM));

  /** The outcome of a build: a model, or the problems that prevent one. */
  static final class Outcome {
    final EntityModel<?> model;
    final List<String> problems;

    Outcome(EntityModel<?> model, List<String> problems) {
      this.model = model;
      // A nested type reached twice reports its problems twice; say each once.
      this.problems = List.copyOf(new java.util.LinkedHashSet<>(problems));
    }
  }

  /** A persistent field before it has a slot: the reflected field and its resolved type. */
  private static final class Member {
    final Field field;
    final Type type;

    Member(Field field, Type type) {
      this.field = field;
      this.type = type;
    }
  }

  private final List<String> problems = new ArrayList<>();
  /** Nested value classes being built, innermost first: a repeat is a cycle. */
  private final Deque<Class<?>> structsInProgress = new ArrayDeque<>();
  /** The field path from the entity to the nested value being built, for messages. */
  private final Deque<String> path = new ArrayDeque<>();
  /** Whether an unmapped superclass hides fields (then a missing key is no news). */
  private boolean unmappedSuperclassFields;
  /** Nested value models already built in this run, by resolved type. */
  private final Map<Type, StructModel<?>> structs = new HashMap<>();

  private ModelBuilder() {}

  /** Builds the model of {@code type}, or reports why it cannot be built. */
  static Outcome build(Class<?> type) {
    ModelBuilder builder = new ModelBuilder();
    EntityModel<?> model = builder.entity(type);
    return new Outcome(builder.problems.isEmpty() ? model : null, builder.problems);
  }

  // ---------------------------------------------------------------- entities

  private EntityModel<?> entity(Class<?> type) {
    Entity entity = type.getAnnotation(Entity.class);
    if (entity == null) {
      problem(
          type.getName(),
          "is not annotated @Entity; annotate it with @dev.ergokv.annotation.Entity to store it");
      return null;
    }
    if (type.isAnnotationPresent(MappedSuperclass.class)) {
      problem(
          type.getName(),
          "is annotated both @Entity and @MappedSuperclass; keep @Entity on the class that is"
              + " stored and @MappedSuperclass on an abstract base that shares fields");
    }
    if (!checkInstantiable(type, type.getName(), "an @Entity")) {
      return null;
    }
    String name = entity.value().isEmpty() ? type.getSimpleName() : entity.value();
    if (name.isBlank()) {
      problem(type.getName(), "@Entity(\"" + name + "\") is blank; give a model name or none");
    }
    if (entity.version() < 1) {
      problem(
          type.getName(),
          "@Entity(version = " + entity.version() + ") is not positive; versions start at 1");
    }

    List<Member> members = members(type, Map.of(), true);
    List<FieldModel> fields = new ArrayList<>(members.size());
    FieldModel key = null;
    List<String> keyNames = new ArrayList<>();
    for (Member member : members) {
      TypeModel fieldType = typeOf(member.type, where(member.field));
      boolean isKey = member.field.isAnnotationPresent(Key.class);
      if (isKey) {
        keyNames.add(member.field.getName());
      }
      if (fieldType != null) {
        FieldModel field =
            new FieldModel(member.field.getName(), fields.size(), fieldType, member.field, isKey);
        fields.add(field);
        if (isKey && key == null) {
          key = field;
        }
      } else {
        // Keep slots aligned with the canonical order even when a type is rejected.
        fields.add(null);
      }
    }
    checkKey(type, key, keyNames);
    List<IndexModel> indexes = indexes(type, members, fields);
    Class<?> previous = migrateFrom(type, name, entity.version());

    if (!problems.isEmpty()) {
      return null;
    }
    StructModel<?> struct = struct(type, type.isRecord(), fields, type.getName());
    if (struct == null) {
      return null;
    }
    return newEntityModel(struct, name, entity.version(), key, indexes, previous);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static EntityModel<?> newEntityModel(
      StructModel<?> struct,
      String name,
      int version,
      FieldModel key,
      List<IndexModel> indexes,
      Class<?> previous) {
    return new EntityModel(struct, name, version, key, indexes, previous);
  }

  private void checkKey(Class<?> type, FieldModel key, List<String> keyNames) {
    if (keyNames.isEmpty()) {
      if (unmappedSuperclassFields) {
        return; // the key is most likely among the fields reported as not stored
      }
      problem(
          type.getName(),
          "no field is annotated @Key; annotate exactly one field"
              + (type.isRecord() ? " (record component)" : "")
              + " with @dev.ergokv.annotation.Key");
      return;
    }
    if (keyNames.size() > 1) {
      problem(
          type.getName(),
          "fields "
              + String.join(", ", keyNames)
              + " are all annotated @Key; an entity has exactly one key field (for a composite"
              + " key, use a record of the parts as the key type)");
    }
    if (key == null) {
      return; // its type was rejected and reported already
    }
    if (key.type().kind() == Kind.OPTIONAL) {
      problem(
          key.qualifiedName(),
          "@Key field is Optional; every entity has a key, so declare the element type directly");
    } else if (!key.type().isIndexable()) {
      problem(
          key.qualifiedName(),
          "@Key field has type "
              + key.type().describe()
              + ", which has no order-preserving key encoding; use a scalar type such as long,"
              + " String or UUID, or a record of such components");
    }
  }

  private List<IndexModel> indexes(Class<?> type, List<Member> members, List<FieldModel> fields) {
    List<IndexModel> indexes = new ArrayList<>();
    Map<String, String> owners = new LinkedHashMap<>();
    for (int slot = 0; slot < members.size(); slot++) {
      Field field = members.get(slot).field;
      Unique unique = field.getAnnotation(Unique.class);
      Index index = field.getAnnotation(Index.class);
      if (unique == null && index == null) {
        continue;
      }
      String where = where(field);
      if (unique != null && index != null) {
        problem(
            where,
            "is annotated both @Unique and @Index; keep @Unique (it also finds entities by value)");
        continue;
      }
      if (field.isAnnotationPresent(Key.class)) {
        problem(
            where,
            "the @Key field cannot also be indexed: entities are already found by key; remove"
                + " @Unique/@Index");
        continue;
      }
      String name = unique != null ? unique.value() : index.value();
      if (name.isEmpty()) {
        name = field.getName();
      } else if (name.isBlank()) {
        problem(where, "index name \"" + name + "\" is blank; give a name or none");
      }
      String previousOwner = owners.putIfAbsent(name, field.getName());
      if (previousOwner != null) {
        problem(
            where,
            "index name '"
                + name
                + "' is already used by field "
                + previousOwner
                + "; give one of them a distinct name, e.g. @Index(\""
                + field.getName()
                + "\")");
        continue;
      }
      FieldModel model = fields.get(slot);
      if (model == null) {
        continue; // the field's type was rejected and reported already
      }
      IndexModel indexModel = new IndexModel(name, unique != null, model, indexes.size());
      if (!indexModel.valueType().isIndexable()) {
        problem(
            where,
            (unique != null ? "@Unique" : "@Index")
                + " on type "
                + model.type().describe()
                + ", which has no order-preserving key encoding; index a scalar field (number,"
                + " String, UUID, enum, date/time...) or a record of scalars");
        continue;
      }
      model.index(indexModel);
      indexes.add(indexModel);
    }
    return indexes;
  }

  private Class<?> migrateFrom(Class<?> type, String name, int version) {
    MigrateFrom migrateFrom = type.getAnnotation(MigrateFrom.class);
    if (migrateFrom == null) {
      return null;
    }
    Class<?> previous = migrateFrom.value();
    Entity previousEntity = previous.getAnnotation(Entity.class);
    String where = type.getName();
    if (previous == type) {
      problem(where, "@MigrateFrom names the class itself; name the previous version's class");
    } else if (previousEntity == null) {
      problem(
          where,
          "@MigrateFrom("
              + previous.getName()
              + ") names a class that is not an @Entity; the previous version must be annotated"
              + " @Entity with the same model name and a lower version");
    } else {
      String previousName =
          previousEntity.value().isEmpty() ? previous.getSimpleName() : previousEntity.value();
      int before = problems.size();
      if (!previousName.equals(name)) {
        problem(
            where,
            "@MigrateFrom("
                + previous.getName()
                + ") has model name '"
                + previousName
                + "', not '"
                + name
                + "'; both versions must use the same @Entity name");
      }
      if (previousEntity.version() >= version) {
        problem(
            where,
            "@MigrateFrom("
                + previous.getName()
                + ") has version "
                + previousEntity.version()
                + ", not lower than "
                + version
                + "; raise @Entity(version) on the newer class");
      }
      if (problems.size() == before) {
        // The converter only matters once the link itself is right.
        problems.addAll(Converters.problems(type, previous, migrateFrom.using()));
      }
    }
    return previous;
  }

  // ---------------------------------------------------------------- fields of a class

  /**
   * The persistent members of {@code type} in canonical order (see {@link EntityModel}), with
   * their types resolved against {@code bindings} and every hierarchy problem reported.
   */
  private List<Member> members(
      Class<?> type, Map<TypeVariable<?>, Type> bindings, boolean entity) {
    if (type.isRecord()) {
      return recordMembers(type, bindings, entity);
    }
    // From the class up to (excluding) Object, remembering the type bindings of each superclass.
    List<Class<?>> chain = new ArrayList<>();
    List<Map<TypeVariable<?>, Type>> chainBindings = new ArrayList<>();
    Class<?> current = type;
    Map<TypeVariable<?>, Type> currentBindings = bindings;
    while (current != null && current != Object.class) {
      chain.add(current);
      chainBindings.add(currentBindings);
      Type genericSuper = current.getGenericSuperclass();
      Class<?> superclass = current.getSuperclass();
      if (superclass == null) {
        break;
      }
      currentBindings =
          genericSuper instanceof ParameterizedType
              ? ResolvedType.bind(
                  superclass,
                  ((ParameterizedType) genericSuper).getActualTypeArguments(),
                  currentBindings)
              : Map.of();
      current = superclass;
    }

    List<Member> members = new ArrayList<>();
    Map<String, Class<?>> declaredBy = new HashMap<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      Class<?> declaring = chain.get(i);
      List<Field> persistent = persistentFields(declaring, entity);
      if (declaring != type && !declaring.isAnnotationPresent(MappedSuperclass.class)) {
        if (!persistent.isEmpty()) {
          String names =
              persistent.stream().map(Field::getName).collect(Collectors.joining(", "));
          boolean extendsEntity = declaring.isAnnotationPresent(Entity.class);
          problem(
              type.getName(),
              "superclass "
                  + declaring.getName()
                  + " declares persistent fields ("
                  + names
                  + ") but "
                  + (extendsEntity
                      ? "is an @Entity, and entities cannot extend entities; move the shared"
                          + " fields to an abstract @MappedSuperclass that both extend"
                      : "is not annotated @MappedSuperclass, so they would not be stored; annotate "
                          + declaring.getSimpleName()
                          + " with @dev.ergokv.annotation.MappedSuperclass, or mark those fields"
                          + " transient"));
          unmappedSuperclassFields = true;
        }
        continue;
      }
      for (Field field : persistent) {
        Class<?> earlier = declaredBy.putIfAbsent(field.getName(), declaring);
        if (earlier != null) {
          problem(
              where(field),
              "hides the field of the same name in "
                  + earlier.getName()
                  + "; stored documents name fields, so rename one of them");
          continue;
        }
        members.add(new Member(field, ResolvedType.substitute(field.getGenericType(), chainBindings.get(i))));
      }
    }
    return members;
  }

  /** The persistent fields one class declares, sorted by name, checking misplaced annotations. */
  private List<Field> persistentFields(Class<?> declaring, boolean entity) {
    List<Field> persistent = new ArrayList<>();
    for (Field field : declaring.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      boolean annotated =
          field.isAnnotationPresent(Key.class)
              || field.isAnnotationPresent(Unique.class)
              || field.isAnnotationPresent(Index.class);
      if (field.isSynthetic()) {
        continue;
      }
      if (Modifier.isStatic(modifiers)) {
        if (annotated) {
          problem(where(field), "is static; @Key, @Unique and @Index apply to instance fields");
        }
        continue;
      }
      if (Modifier.isTransient(modifiers) || field.isAnnotationPresent(Transient.class)) {
        if (annotated) {
          problem(
              where(field),
              "is transient, so it is not stored, yet annotated @Key, @Unique or @Index; remove"
                  + " one or the other");
        }
        continue;
      }
      if (annotated && !entity) {
        problem(
            where(field),
            "is a field of a nested value, where @Key, @Unique and @Index have no meaning;"
                + " declare them on fields of the @Entity itself");
      }
      persistent.add(field);
    }
    persistent.sort(Comparator.comparing(Field::getName));
    return persistent;
  }

  private List<Member> recordMembers(
      Class<?> type, Map<TypeVariable<?>, Type> bindings, boolean entity) {
    List<Member> members = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      Field field;
      try {
        field = type.getDeclaredField(component.getName());
      } catch (NoSuchFieldException e) {
        // Every record component has a field of its name (JLS 8.10.3); a class file that breaks
        // this was not made by a Java compiler.
        problem(type.getName() + "." + component.getName(), "record component has no field");
        continue;
      }
      if (field.isAnnotationPresent(Transient.class)) {
        problem(
            where(field),
            "record components are always stored (the canonical constructor needs them); remove"
                + " @Transient");
      }
      if (!entity
          && (field.isAnnotationPresent(Key.class)
              || field.isAnnotationPresent(Unique.class)
              || field.isAnnotationPresent(Index.class))) {
        problem(
            where(field),
            "is a component of a nested value, where @Key, @Unique and @Index have no meaning;"
                + " declare them on the @Entity itself");
      }
      members.add(new Member(field, ResolvedType.substitute(component.getGenericType(), bindings)));
    }
    return members;
  }

  // ---------------------------------------------------------------- types

  /** The model of a field type, or null after reporting why it is unsupported. */
  private TypeModel typeOf(Type type, String where) {
    if (type instanceof Class<?>) {
      return classType((Class<?>) type, where);
    }
    if (type instanceof ParameterizedType) {
      return parameterizedType((ParameterizedType) type, where);
    }
    if (type instanceof TypeVariable<?>) {
      TypeVariable<?> variable = (TypeVariable<?>) type;
      problem(
          where,
          "has the type variable "
              + variable.getName()
              + " of "
              + describe(variable.getGenericDeclaration())
              + ", which is not bound to a concrete type here; declare a concrete type, or extend"
              + " the generic class with a concrete type argument (class User extends Base<UUID>)");
      return null;
    }
    if (type instanceof WildcardType) {
      problem(
          where,
          "has the wildcard type argument "
              + type.getTypeName()
              + "; declare the exact type argument, e.g. List<String>");
      return null;
    }
    if (type instanceof GenericArrayType) {
      problem(where, "is an array of " + type.getTypeName() + "; use a List instead");
      return null;
    }
    problem(where, "has the unsupported type " + type.getTypeName() + "; supported: " + SUPPORTED_TYPES);
    return null;
  }

  private TypeModel classType(Class<?> type, String where) {
    Kind kind = SCALARS.get(type);
    if (kind != null) {
      return TypeModel.scalar(kind, type);
    }
    if (type.isArray()) {
      problem(
          where,
          "is an array of "
              + type.getComponentType().getSimpleName()
              + "; only byte[] is stored as an array, use a List of the boxed element type");
      return null;
    }
    if (type.isEnum()) {
      return TypeModel.scalar(Kind.ENUM, type);
    }
    if (type.getTypeParameters().length > 0) {
      problem(
          where,
          "has the raw type "
              + type.getSimpleName()
              + "; declare its type arguments, e.g. "
              + example(type));
      return null;
    }
    if (isJdk(type)) {
      problem(where, jdkHint(type));
      return null;
    }
    return structType(type, type, Map.of(), where);
  }

  private TypeModel parameterizedType(ParameterizedType type, String where) {
    Class<?> raw = (Class<?>) type.getRawType();
    Type[] arguments = type.getActualTypeArguments();
    if (raw == Optional.class) {
      TypeModel element = typeOf(arguments[0], where);
      if (element == null) {
        return null;
      }
      if (element.kind() == Kind.OPTIONAL) {
        problem(
            where,
            "is an Optional of an Optional, whose two empty states cannot be told apart once"
                + " stored; use a single Optional");
        return null;
      }
      return TypeModel.optional(element);
    }
    if (raw == List.class || raw == Set.class) {
      TypeModel element = typeOf(arguments[0], where);
      if (element == null) {
        return null;
      }
      return raw == List.class ? TypeModel.list(raw, element) : TypeModel.set(raw, element);
    }
    if (raw == Map.class) {
      TypeModel key = typeOf(arguments[0], where);
      TypeModel value = typeOf(arguments[1], where);
      if (key != null && !MAP_KEY_KINDS.contains(key.kind())) {
        problem(
            where,
            "is a Map with keys of type "
                + key.describe()
                + "; map keys must be String, a number (Byte to Long, Float, Double, BigInteger,"
                + " BigDecimal), UUID or an enum");
        return null;
      }
      return key == null || value == null ? null : TypeModel.map(raw, key, value);
    }
    if (isJdk(raw)) {
      problem(where, jdkHint(raw));
      return null;
    }
    return structType(raw, type, ResolvedType.bind(raw, arguments, Map.of()), where);
  }

  // ---------------------------------------------------------------- nested values

  private TypeModel structType(
      Class<?> type, Type resolved, Map<TypeVariable<?>, Type> bindings, String where) {
    StructModel<?> built = structs.get(resolved);
    if (built != null) {
      return TypeModel.struct(built);
    }
    if (type.isAnnotationPresent(Entity.class)) {
      problem(
          where,
          "refers to the entity "
              + type.getName()
              + "; entities are stored on their own, so store its key instead and load it when"
              + " needed");
      return null;
    }
    if (structsInProgress.contains(type)) {
      List<String> cycle = new ArrayList<>();
      for (Iterator<Class<?>> it = structsInProgress.descendingIterator(); it.hasNext(); ) {
        cycle.add(it.next().getSimpleName());
      }
      cycle.add(type.getSimpleName());
      problem(
          where,
          "makes a nested value cycle ("
              + String.join(" -> ", cycle)
              + "); a stored value cannot contain its own type, directly or through a collection:"
              + " make the inner one a separate entity and store its key");
      return null;
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      problem(
          where,
          "has the "
              + (type.isInterface() ? "interface" : "abstract class")
              + " type "
              + type.getName()
              + ", whose stored values could not be created again; declare a concrete value class"
              + " or a record (supported: "
              + SUPPORTED_TYPES
              + ")");
      return null;
    }
    if (!checkInstantiable(type, where + " (type " + type.getName() + ")", "a nested value")) {
      return null;
    }
    structsInProgress.push(type);
    path.addLast(where);
    try {
      List<Member> members = members(type, bindings, false);
      List<FieldModel> fields = new ArrayList<>(members.size());
      boolean complete = true;
      for (Member member : members) {
        TypeModel fieldType = typeOf(member.type, where(member.field));
        if (fieldType == null) {
          complete = false;
          continue;
        }
        fields.add(
            new FieldModel(member.field.getName(), fields.size(), fieldType, member.field, false));
      }
      if (!complete) {
        return null;
      }
      StructModel<?> struct = struct(type, type.isRecord(), fields, where);
      if (struct == null) {
        return null;
      }
      structs.put(resolved, struct);
      return TypeModel.struct(struct);
    } finally {
      path.removeLast();
      structsInProgress.pop();
    }
  }

  /** Checks that instances of {@code type} can be created for loading; reports and returns false if not. */
  private boolean checkInstantiable(Class<?> type, String where, String role) {
    if (type.isInterface() || type.isEnum() || type.isArray() || type.isPrimitive()) {
      problem(where, "is not a class or record, so it cannot be " + role);
      return false;
    }
    if (Modifier.isAbstract(type.getModifiers())) {
      problem(
          where,
          "is abstract, so it cannot be "
              + role
              + "; make it concrete (shared fields belong in an abstract @MappedSuperclass)");
      return false;
    }
    if (type.isAnonymousClass() || type.isLocalClass()) {
      problem(where, "is an anonymous or local class; declare it as a top-level or static nested class");
      return false;
    }
    if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
      problem(
          where,
          "is an inner class, which needs an enclosing instance; declare it static");
      return false;
    }
    if (!type.isRecord()) {
      try {
        type.getDeclaredConstructor();
      } catch (NoSuchMethodException e) {
        problem(
            where,
            "has no no-arg constructor; add one (it may be private or protected): loading creates"
                + " the instance with it and then sets the stored fields");
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private StructModel<?> struct(Class<?> type, boolean record, List<FieldModel> fields, String where) {
    EntityAccess<?> access;
    try {
      access = EntityAccesses.select((Class) type, record, fields);
    } catch (EnhancementMismatchException e) {
      problem(where, e.getMessage());
      return null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      problem(
          where,
          "cannot be accessed by ErgoKV ("
              + e
              + "); if "
              + type.getName()
              + " is in a named module, open its package to the ErgoKV runtime");
      return null;
    }
    return new StructModel(type, record, fields, access);
  }

  // ---------------------------------------------------------------- messages

  private void problem(String where, String what) {
    String context = path.isEmpty() ? "" : " (reached through " + String.join(" -> ", path) + ")";
    problems.add(where + context + ": " + what);
  }

  private static String where(Field field) {
    return field.getDeclaringClass().getName() + "." + field.getName();
  }

  private static String describe(Object genericDeclaration) {
    return genericDeclaration instanceof Class<?>
        ? ((Class<?>) genericDeclaration).getName()
        : String.valueOf(genericDeclaration);
  }

  private static boolean isJdk(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
        || name.startsWith("sun.") || name.startsWith("com.sun.");
  }

  private static String example(Class<?> raw) {
    return raw == Map.class ? "Map<String, Integer>" : raw.getSimpleName() + "<String>";
  }

  private static String jdkHint(Class<?> type) {
    String name = type.getName();
    if (type == java.util.Date.class
        || type == java.util.Calendar.class
        || name.startsWith("java.sql.")) {
      return "has the legacy type " + name + "; use java.time.Instant, LocalDate or LocalDateTime";
    }
    if (Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
      return "has the type "
          + type.getSimpleName()
          + "; declare collection fields as List<E>, Set<E> or Map<K, V> (with type arguments)";
    }
    if (type == java.util.OptionalInt.class
        || type == java.util.OptionalLong.class
        || type == java.util.OptionalDouble.class) {
      return "has the type " + type.getSimpleName() + "; use Optional<Integer>, Optional<Long> or"
          + " Optional<Double>";
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type == Object.class) {
      return "has the general type " + name + ", whose stored values could not be created again;"
          + " declare a concrete type (supported: " + SUPPORTED_TYPES + ")";
    }
    return "has the unsupported type " + name + "; supported: " + SUPPORTED_TYPES;
  }

  private static Map<Class<?>, Kind> scalars() {
    Map<Class<?>, Kind> scalars = new HashMap<>();
    scalars.put(boolean.class, Kind.BOOLEAN);
    scalars.put(Boolean.class, Kind.BOOLEAN);
    scalars.put(byte.class, Kind.BYTE);
    scalars.put(Byte.class, Kind.BYTE);
    scalars.put(short.class, Kind.SHORT);
    scalars.put(Short.class, Kind.SHORT);
    scalars.put(char.class, Kind.CHAR);
    scalars.put(Character.class, Kind.CHAR);
    scalars.put(int.class, Kind.INT);
    scalars.put(Integer.class, Kind.INT);
    scalars.put(long.class, Kind.LONG);
    scalars.put(Long.class, Kind.LONG);
    scalars.put(float.class, Kind.FLOAT);
    scalars.put(Float.class, Kind.FLOAT);
    scalars.put(double.class, Kind.DOUBLE);
    scalars.put(Double.class, Kind.DOUBLE);
    scalars.put(String.class, Kind.STRING);
    scalars.put(byte[].class, Kind.BYTES);
    scalars.put(UUID.class, Kind.UUID);
    scalars.put(BigInteger.class, Kind.BIG_INTEGER);
    scalars.put(BigDecimal.class, Kind.BIG_DECIMAL);
    scalars.put(Instant.class, Kind.INSTANT);
    scalars.put(LocalDate.class, Kind.LOCAL_DATE);
    scalars.put(LocalTime.class, Kind.LOCAL_TIME);
    scalars.put(LocalDateTime.class, Kind.LOCAL_DATE_TIME);
    scalars.put(OffsetDateTime.class, Kind.OFFSET_DATE_TIME);
    scalars.put(ZonedDateTime.class, Kind.ZONED_DATE_TIME);
    scalars.put(Duration.class, Kind.DURATION);
    scalars.put(Period.class, Kind.PERIOD);
    scalars.put(Year.class, Kind.YEAR);
    scalars.put(YearMonth.class, Kind.YEAR_MONTH);
    return Map.copyOf(scalars);
  }
}
