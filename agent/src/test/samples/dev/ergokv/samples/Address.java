package dev.ergokv.samples;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Key;

/** A record entity: never enhanced, it works through the runtime's un-enhanced path. */
@Entity
public record Address(@Key String id, String street) {}
