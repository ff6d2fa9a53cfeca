package dev.ergokv.samples;

/** Not mapped and without persistent fields: contributes no slots and is not enhanced. */
public abstract class Behaviour extends Stamped {

  private static int instances;
  private transient String scratch;

  public abstract String kind();

  public void remember(String note) {
    scratch = note;
    instances++;
  }
}
