package dev.ergokv.benchmarks.enhance;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import java.util.Arrays;

/**
 * An entity with a field the enhancer cannot track: a {@code byte[]} can change in place without
 * a field write, so the runtime compares it at every flush ({@code COMPARE_AT_FLUSH}), even for
 * instances whose dirty set is empty.
 */
@Entity("Document")
public class Document implements Changeable {
  @Key private long id;
  @Index private String owner;
  private String title;
  private long size;
  private byte[] digest;

  protected Document() {}

  public Document(long id) {
    this.id = id;
    this.owner = "owner" + (id % 16);
    this.title = "Document " + id;
    this.size = 1024 + id;
    this.digest = new byte[32];
    Arrays.fill(digest, (byte) id);
  }

  public long id() {
    return id;
  }

  /** The array itself: changing it changes the entity without a field write. */
  public byte[] digest() {
    return digest;
  }

  @Override
  public void change(int n) {
    title = "Document " + id + " #" + n;
  }
}
