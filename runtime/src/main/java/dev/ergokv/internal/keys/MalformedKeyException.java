package dev.ergokv.internal.keys;

/**
 * A key's bytes do not decode as the expected components. Internal: the layer that knows the
 * model turns it into a {@link dev.ergokv.CorruptValueException} naming model and key.
 */
public final class MalformedKeyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param position the offset in the key where decoding failed
   * @param problem what was expected and what was found
   */
  public MalformedKeyException(int position, String problem) {
    super(problem + " at byte " + position);
  }
}
