package dev.ergokv.entities;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;

/** A record entity: immutable, changed by saving a new record. */
@Entity
public record Point(@Key long id, @Index int x, String label) {}
