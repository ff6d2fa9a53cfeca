package dev.ergokv.migrate;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;

/** A bulky entity (a body of about a kilobyte) with a unique and a non-unique index. */
@Entity("Doc")
public class Doc {
  @Key long id;
  @Unique String slug;
  @Index int shelf;
  String body;

  Doc() {}

  public Doc(long id, String body) {
    this.id = id;
    this.slug = "doc-" + id;
    this.shelf = (int) (id % 100);
    this.body = body;
  }
}
