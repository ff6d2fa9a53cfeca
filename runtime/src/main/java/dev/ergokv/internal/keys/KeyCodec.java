package dev.ergokv.internal.keys;

/**
 * Encodes and decodes values of one indexable type as key components (see {@link KeyFormat}).
 * Stateless and thread-safe; get one from {@link KeyCodecs}.
 *
 * @param <T> the Java type decoded
 */
public abstract class KeyCodec<T> {

  KeyCodec() {}

  /**
   * Appends the component for {@code value}.
   *
   * <p>Integral codecs accept any integral box or BigInteger and floating codecs any Float or
   * Double, so a query bound need not match the field's exact box; all integers share one encoding.
   *
   * @throws IllegalArgumentException when {@code value} is null or of another type
   */
  public abstract void encode(Object value, KeyWriter out);

  /**
   * Reads one component.
   *
   * @throws MalformedKeyException when the bytes are not a canonical component of this type
   */
  public abstract T decode(KeyReader in);

  /** Skips one component of this type. */
  public void skip(KeyReader in) {
    decode(in);
  }

  /** The component for {@code value} alone. */
  public final byte[] encode(Object value) {
    KeyWriter out = new KeyWriter(24);
    encode(value, out);
    return out.toByteArray();
  }

  /** The type this codec handles, for messages. */
  public abstract String describe();

  @Override
  public String toString() {
    return "KeyCodec[" + describe() + "]";
  }

  final IllegalArgumentException wrongType(Object value) {
    return new IllegalArgumentException(
        value == null
            ? "a key or indexed value of type " + describe() + " cannot be null"
            : "expected a value of type "
                + describe()
                + " for a key or index, got "
                + value.getClass().getName()
                + " ("
                + value
                + ")");
  }
}
