package dev.ergokv.junit;

import dev.ergokv.ErgoKv;
import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;
import java.util.Optional;

/** The entity the fixtures store: a record, so it needs no enhancement. */
@Entity
record Note(@Key String id, String text) {

  static Optional<Note> load(ErgoKv kv, String id) {
    return kv.read(tx -> tx.load(Note.class, id));
  }
}
