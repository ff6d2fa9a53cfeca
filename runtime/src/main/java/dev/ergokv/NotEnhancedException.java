package dev.ergokv;

/**
 * An entity class is not enhanced while {@link ErgoKv.Builder#strictEnhancement(boolean) strict
 * enhancement} is on. The message names the class and how to enhance it: the {@code
 * ergokv-maven-plugin} at build time, or the agent at run time ({@code -javaagent}).
 */
public class NotEnhancedException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final Class<?> entityClass;

  /**
   * @param entityClass the class that is not enhanced
   * @param message what is wrong and how to enhance the class
   */
  public NotEnhancedException(Class<?> entityClass, String message) {
    super(message);
    this.entityClass = entityClass;
  }

  /** The class that is not enhanced. */
  public Class<?> entityClass() {
    return entityClass;
  }
}
