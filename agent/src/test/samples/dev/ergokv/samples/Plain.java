package dev.ergokv.samples;

/** Not an entity: the enhancer must leave it byte for byte as compiled. */
public class Plain {

  private String value;

  public void setValue(String value) {
    this.value = value;
  }

  public String getValue() {
    return value;
  }
}
