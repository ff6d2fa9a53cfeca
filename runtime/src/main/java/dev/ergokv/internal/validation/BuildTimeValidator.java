package dev.ergokv.internal.validation;

import dev.ergokv.annotation.Entity;
import dev.ergokv.internal.meta.EntityModels;
import dev.ergokv.internal.migrate.VersionChain;
import dev.ergokv.internal.repository.Repositories;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks the enhancer's Maven plugin runs over a project's compiled classes, so that an
 * invalid mapping fails the build instead of the first transaction.
 *
 * <p>This is the contract between the runtime and the build tooling: the plugin loads the
 * project's classes and passes them here; everything it reports comes from the same checks the
 * runtime applies at first use, so build time and run time never disagree.
 */
public final class BuildTimeValidator {

  /** One family of checks over all classes of a project. */
  interface ClassCheck {

    /** Adds one message per problem found among {@code classes} to {@code problems}. */
    void check(List<Class<?>> classes, List<String> problems);
  }

  /** The checks, in reporting order. */
  private static final List<ClassCheck> CHECKS =
      List.of(
          BuildTimeValidator::entities,
          BuildTimeValidator::modelNames,
          BuildTimeValidator::migrationChains,
          BuildTimeValidator::repositories);

  private BuildTimeValidator() {}

  /**
   * Validates every entity class and repository interface among {@code classes}; other classes
   * are ignored.
   *
   * @return one message per problem, each naming the class and the field or method at fault;
   *     empty when all are valid
   */
  public static List<String> validate(Collection<Class<?>> classes) {
    List<Class<?>> sorted = new ArrayList<>(classes);
    sorted.sort(Comparator.comparing(Class::getName));
    List<String> problems = new ArrayList<>();
    for (ClassCheck check : CHECKS) {
      check.check(sorted, problems);
    }
    return problems;
  }

  /** Every {@code @Entity} maps cleanly: exactly the problems the runtime would throw. */
  private static void entities(List<Class<?>> classes, List<String> problems) {
    for (Class<?> type : classes) {
      if (EntityModels.isEntity(type)) {
        problems.addAll(EntityModels.problems(type));
      }
    }
  }

  /**
   * Every repository interface can be implemented: each finder names an index of its entity and
   * has a fitting signature (the runtime throws the same messages on first use).
   */
  private static void repositories(List<Class<?>> classes, List<String> problems) {
    for (Class<?> type : classes) {
      if (Repositories.isRepository(type)) {
        problems.addAll(Repositories.problems(type));
      }
    }
  }

  /**
   * Every {@code @MigrateFrom} chain can be followed to its oldest class: each older class maps
   * (also when it is not among {@code classes}, e.g. in a dependency), keeps the key type, and its
   * converter can be created. Each link's converter signature is checked with its class's mapping.
   */
  private static void migrationChains(List<Class<?>> classes, List<String> problems) {
    for (Class<?> type : classes) {
      if (EntityModels.isEntity(type)) {
        problems.addAll(VersionChain.problems(type));
      }
    }
  }

  /** No two classes store the same model name with the same schema version. */
  private static void modelNames(List<Class<?>> classes, List<String> problems) {
    Map<String, Class<?>> owners = new LinkedHashMap<>();
    for (Class<?> type : classes) {
      Entity entity = type.getAnnotation(Entity.class);
      if (entity == null) {
        continue;
      }
      String name = entity.value().isEmpty() ? type.getSimpleName() : entity.value();
      Class<?> owner = owners.putIfAbsent(name + "\u0000" + entity.version(), type);
      if (owner != null) {
        problems.add(
            type.getName()
                + ": model name '"
                + name
                + "' (version "
                + entity.version()
                + ") is already used by "
                + owner.getName()
                + "; both would read and write the same keys: give one a different @Entity name");
      }
    }
  }
}
