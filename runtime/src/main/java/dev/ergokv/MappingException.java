package dev.ergokv;

import java.util.List;
import java.util.Objects;

/**
 * A class cannot be stored as it is declared: no {@code @Key}, a field of an unsupported type, an
 * index on a type that has no order, no usable constructor, and so on.
 *
 * <p>Thrown once per class, on first use (or by the build-time validator before that), with every
 * problem of that class at once: each entry of {@link #problems()} names the class and the field or
 * record component at fault and says what to change.
 */
public class MappingException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final Class<?> mappedClass;
  private final List<String> problems;

  /**
   * Creates the exception for all problems found in one class.
   *
   * @param mappedClass the entity (or value) class whose mapping is invalid
   * @param problems one message per problem, each naming the class and member; not empty
   */
  public MappingException(Class<?> mappedClass, List<String> problems) {
    super(describe(Objects.requireNonNull(mappedClass, "mappedClass"), problems));
    this.mappedClass = mappedClass;
    this.problems = List.copyOf(problems);
  }

  /** The class whose mapping is invalid. */
  public Class<?> mappedClass() {
    return mappedClass;
  }

  /** Every problem found in the class, one message each; never empty. */
  public List<String> problems() {
    return problems;
  }

  private static String describe(Class<?> mappedClass, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a MappingException needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0);
    }
    StringBuilder text =
        new StringBuilder("Invalid mapping of ")
            .append(mappedClass.getName())
            .append(" (")
            .append(problems.size())
            .append(" problems):");
    for (String problem : problems) {
      text.append("\n  - ").append(problem);
    }
    return text.toString();
  }
}
