package dev.ergokv;

/**
 * An entity's encoded value is larger than the cluster accepts in one write. TiKV refuses a Raft
 * proposal over its {@code raft-entry-max-size} (8 MiB by default), so a value over the limit can
 * never be written; ErgoKV checks before sending anything, at commit (or when a query flushes the
 * entity). Nothing of the transaction was written. The limit is {@link
 * ErgoKv.Builder#maxValueSize}; raise it only with the cluster's setting.
 */
public class ValueTooLargeException extends ErgoKvException {

  private static final long serialVersionUID = 1L;

  private final String model;
  private final String key;
  private final long size;
  private final long limit;

  /**
   * @param model the model name
   * @param key the entity key, rendered for people (e.g. {@code User[id=3]})
   * @param size the encoded size in bytes
   * @param limit the limit in bytes
   */
  public ValueTooLargeException(String model, String key, long size, long limit) {
    super(
        "The value of "
            + key
            + " (model '"
            + model
            + "') is "
            + size
            + " bytes encoded, over the limit of "
            + limit
            + " bytes (TiKV's raft-entry-max-size; ErgoKv.Builder.maxValueSize): nothing was"
            + " written. Keep large data out of one entity (split it, or store it elsewhere and"
            + " keep a reference)");
    this.model = model;
    this.key = key;
    this.size = size;
    this.limit = limit;
  }

  /** The model name. */
  public String model() {
    return model;
  }

  /** The entity key, rendered for people. */
  public String key() {
    return key;
  }

  /** The encoded size in bytes. */
  public long size() {
    return size;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }
}
