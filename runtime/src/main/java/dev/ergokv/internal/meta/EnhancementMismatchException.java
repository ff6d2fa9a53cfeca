package dev.ergokv.internal.meta;

/**
 * An enhanced class cannot be used as enhanced: its stamp has another format than this runtime's,
 * or its slots are not the runtime's canonical field order. The message says what differs and how
 * to fix it, and does not start with the class name (the mapping report adds it).
 */
final class EnhancementMismatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  EnhancementMismatchException(String message) {
    super(message);
  }

  EnhancementMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
