package dev.ergokv.internal.validation;

import java.util.Collection;
import java.util.List;

/**
 * The checks the enhancer's Maven plugin runs over a project's compiled classes, so that an
 * invalid mapping fails the build instead of the first transaction.
 *
 * <p>This is the contract between the runtime and the build tooling: the plugin loads the
 * project's classes and passes them here; everything it reports comes from the same checks the
 * runtime applies at first use, so build time and run time never disagree.
 */
public final class BuildTimeValidator {

  private BuildTimeValidator() {}

  /**
   * Validates every entity class and repository interface among {@code classes}; other classes
   * are ignored.
   *
   * @return one message per problem, each naming the class and the field or method at fault;
   *     empty when all are valid
   */
  public static List<String> validate(Collection<Class<?>> classes) {
    // Contract placeholder: entity checks arrive with the metadata model, finder checks with
    // repositories. Until then nothing is reported.
    return List.of();
  }
}
