package example;

import dev.ergokv.annotation.Entity;

/** Invalid: an entity needs exactly one @Key field. */
@Entity
public class Keyless {
  private String name;
}
