package dev.ergokv.internal.migrate;

import dev.ergokv.CorruptValueException;
import dev.ergokv.MappingException;
import dev.ergokv.annotation.MigrateFrom;
import dev.ergokv.internal.codec.EntityCodec;
import dev.ergokv.internal.keys.KeyCodec;
import dev.ergokv.internal.keys.KeyCodecs;
import dev.ergokv.internal.keys.KeyNames;
import dev.ergokv.internal.meta.EntityModel;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.meta.TypeModel;
import dev.ergokv.internal.meta.TypeModel.Kind;
import dev.ergokv.migrate.ConverterFailedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The schema versions of one entity class: the class itself (the head, its {@code @Entity}
 * version) and the older classes reached through its {@code @MigrateFrom} links, each with the
 * converter to the next newer one. Decodes a stored value of any of these versions with the class
 * that wrote it, then runs the converters up to the head.
 *
 * <p>Built once per head class (cached); a chain that cannot be built (an older class that does
 * not map, a key type that changed) is a {@link MappingException} naming the class at fault. The
 * same problems are reported at build time by {@code BuildTimeValidator}. Immutable and
 * thread-safe.
 *
 * @param <T> the head class
 */
public final class VersionChain<T> {

  private static final Set<Kind> INTEGRAL =
      EnumSet.of(Kind.BYTE, Kind.SHORT, Kind.INT, Kind.LONG, Kind.BIG_INTEGER);

  private static final ClassValue<Object> CHAINS =
      new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
          List<String> problems = new ArrayList<>();
          VersionChain<?> chain = build(EntityModels.of(type), problems);
          return problems.isEmpty() ? chain : List.copyOf(problems);
        }
      };

  /** One older version: how its values are read, and the step to the next newer class. */
  private static final class Step {
    final EntityModel<?> model;
    final EntityCodec<?> codec;
    final Converters.Converter toNext;
    final String converterName;
    final Class<?> nextType;
    final int nextVersion;

    Step(
        EntityModel<?> model,
        Converters.Converter toNext,
        String converterName,
        Class<?> nextType,
        int nextVersion) {
      this.model = model;
      this.codec = EntityCodec.of(model);
      this.toNext = toNext;
      this.converterName = converterName;
      this.nextType = nextType;
      this.nextVersion = nextVersion;
    }
  }

  private final EntityModel<T> head;
  private final EntityCodec<T> headCodec;
  private final KeyCodec<?> headKeyCodec;
  private final TreeMap<Integer, Step> older;

  private VersionChain(EntityModel<T> head, TreeMap<Integer, Step> older) {
    this.head = head;
    this.headCodec = EntityCodec.of(head);
    this.headKeyCodec = KeyCodecs.forType(head.key().type());
    this.older = older;
  }

  /**
   * The chain of {@code head}'s class.
   *
   * @throws MappingException naming the class at fault when the chain cannot be built
   */
  @SuppressWarnings("unchecked")
  public static <T> VersionChain<T> of(EntityModel<T> head) {
    Object outcome = CHAINS.get(head.type());
    if (outcome instanceof VersionChain) {
      return (VersionChain<T>) outcome;
    }
    throw new MappingException(head.type(), (List<String>) outcome);
  }

  /**
   * Every problem of the {@code @MigrateFrom} chain that starts at {@code type}, beyond the
   * problems of {@code type}'s own mapping; empty when the chain is sound (or the class does not
   * map at all, which its own problems report).
   */
  @SuppressWarnings("unchecked")
  public static List<String> problems(Class<?> type) {
    if (!EntityModels.problems(type).isEmpty()) {
      return List.of();
    }
    Object outcome = CHAINS.get(type);
    return outcome instanceof VersionChain ? List.of() : (List<String>) outcome;
  }

  private static <T> VersionChain<T> build(EntityModel<T> head, List<String> problems) {
    TreeMap<Integer, Step> older = new TreeMap<>();
    EntityModel<?> current = head;
    while (current.migrateFrom().isPresent()) {
      Class<?> previous = current.migrateFrom().get();
      List<String> previousProblems = EntityModels.problems(previous);
      if (!previousProblems.isEmpty()) {
        problems.add(
            head.type().getName()
                + ": its @MigrateFrom chain reaches "
                + previous.getName()
                + ", which does not map: "
                + String.join("; ", previousProblems));
        break;
      }
      EntityModel<?> previousModel = EntityModels.of(previous);
      TypeModel was = previousModel.key().type();
      TypeModel is = head.key().type();
      if (!sameKeyEncoding(was, is)) {
        problems.add(
            previous.getName()
                + "."
                + previousModel.key().name()
                + ": the @Key of version "
                + previousModel.version()
                + " has type "
                + was.describe()
                + ", but "
                + head.type().getName()
                + "."
                + head.key().name()
                + " (version "
                + head.version()
                + ") has type "
                + is.describe()
                + "; stored keys cannot change type in a migration (integer types may widen)");
      }
      MigrateFrom link = current.type().getAnnotation(MigrateFrom.class);
      Converters.Converter converter;
      try {
        converter = Converters.resolve(current.type(), previous, link.using());
      } catch (IllegalStateException e) {
        problems.add(current.type().getName() + ": " + e.getMessage());
        break;
      }
      older.put(
          previousModel.version(),
          new Step(
              previousModel,
              converter,
              Converters.describe(current.type(), previous, link.using()),
              current.type(),
              current.version()));
      current = previousModel;
    }
    return new VersionChain<>(head, older);
  }

  private static boolean sameKeyEncoding(TypeModel a, TypeModel b) {
    if (INTEGRAL.contains(a.kind()) && INTEGRAL.contains(b.kind())) {
      return true;
    }
    if ((a.kind() == Kind.FLOAT || a.kind() == Kind.DOUBLE)
        && (b.kind() == Kind.FLOAT || b.kind() == Kind.DOUBLE)) {
      return true;
    }
    return a.describe().equals(b.describe());
  }

  /** The newest version: the class this chain belongs to. */
  public EntityModel<T> head() {
    return head;
  }

  /** Whether a value stored at {@code version} must be converted to be read as the head. */
  public boolean isOlder(int version) {
    return version < head.version();
  }

  /** Whether the chain has older versions at all. */
  public boolean hasOlderVersions() {
    return !older.isEmpty();
  }

  /** Every version the chain describes, oldest first (the head's last). */
  public List<Integer> versions() {
    List<Integer> versions = new ArrayList<>(older.keySet());
    versions.add(head.version());
    return versions;
  }

  /**
   * The model that reads values stored at {@code version}: an older class, or the head for its
   * own version and newer ones (read by field name, as documented); null for an older version
   * the chain does not describe.
   */
  public EntityModel<?> modelAt(int version) {
    if (!isOlder(version)) {
      return head;
    }
    Step step = older.get(version);
    return step == null ? null : step.model;
  }

  /**
   * The head-class entity stored in {@code value}, converted from an older version if need be.
   *
   * @throws CorruptValueException naming model and key when the value does not decode or its
   *     version is not in the chain
   * @throws ConverterFailedException when a converter fails
   */
  public T decode(byte[] key, byte[] value) {
    int version = headCodec.storedVersion(key, value);
    if (!isOlder(version)) {
      return headCodec.decode(key, value);
    }
    return upgrade(key, decodeAt(key, value, version), version);
  }

  /**
   * The value decoded by the class of its own version (not converted).
   *
   * @throws CorruptValueException when it does not decode or its version is unknown
   */
  public Object decodeAt(byte[] key, byte[] value, int version) {
    if (!isOlder(version)) {
      return headCodec.decode(key, value);
    }
    return step(key, version).codec.decode(key, value);
  }

  /**
   * Runs the converters from {@code version} up to the head.
   *
   * @param old an instance of the class of {@code version}
   * @throws ConverterFailedException naming the model, key, versions and converter when a
   *     converter throws, returns null or another class, or changes the key
   */
  @SuppressWarnings("unchecked")
  public T upgrade(byte[] key, Object old, int version) {
    if (!isOlder(version)) {
      return (T) old;
    }
    Step first = step(key, version);
    byte[] keyBefore = KeyCodecs.forType(first.model.key().type()).encode(keyOf(first.model, old));
    Object current = old;
    Step step = first;
    int at = version;
    while (true) {
      Object next;
      try {
        next = step.toNext.convert(current);
      } catch (Exception e) {
        throw conversionFailure(key, at, step, "threw " + e, e);
      }
      if (next == null) {
        throw conversionFailure(key, at, step, "returned null", null);
      }
      if (next.getClass() != step.nextType) {
        throw conversionFailure(
            key, at, step, "returned a " + next.getClass().getName() + ", not a " + step.nextType.getName(), null);
      }
      current = next;
      at = step.nextVersion;
      if (at == head.version()) {
        break;
      }
      step = step(key, at);
    }
    T upgraded = head.type().cast(current);
    Object newKey = head.keyOf(upgraded);
    byte[] keyAfter = newKey == null ? null : headKeyCodec.encode(newKey);
    if (!Arrays.equals(keyBefore, keyAfter)) {
      throw new ConverterFailedException(
          head.name(),
          KeyNames.entity(head, key),
          version,
          head.version(),
          first.nextVersion == head.version()
              ? first.converterName
              : first.converterName + " (or one of the converters after it)",
          "changed the key from "
              + keyOf(first.model, old)
              + " to "
              + newKey
              + "; a converter must keep the key (keys identify entities)",
          null);
    }
    if (head.access().tracksWrites()) {
      head.access().markClean(upgraded);
    }
    return upgraded;
  }

  private Step step(byte[] key, int version) {
    Step step = older.get(version);
    if (step == null) {
      throw new CorruptValueException(
          head.name(),
          key,
          KeyNames.entity(head, key),
          "stored at schema version "
              + version
              + ", which no class of the @MigrateFrom chain of "
              + head.type().getName()
              + " describes (versions "
              + versions().stream().map(String::valueOf).collect(Collectors.joining(", "))
              + ")",
          null);
    }
    return step;
  }

  private ConverterFailedException conversionFailure(
      byte[] key, int from, Step step, String what, Throwable cause) {
    return new ConverterFailedException(
        head.name(),
        KeyNames.entity(head, key),
        from,
        step.nextVersion,
        step.converterName
            + " (from "
            + step.model.type().getName()
            + " to "
            + step.nextType.getName()
            + ")",
        what,
        cause);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object keyOf(EntityModel<?> model, Object entity) {
    return ((EntityModel) model).keyOf(entity);
  }

  @Override
  public String toString() {
    return "VersionChain[" + head.name() + " " + versions() + "]";
  }
}
