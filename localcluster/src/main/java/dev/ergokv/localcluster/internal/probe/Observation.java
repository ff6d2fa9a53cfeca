package dev.ergokv.localcluster.internal.probe;

import java.util.Objects;

/**
 * What one attempt of a {@link Probe} saw: the awaited condition holds (with its value), or not
 * yet, described in words for the message a timeout will carry.
 */
public final class Observation<T> {

  private final boolean ready;
  private final T value;
  private final String state;

  private Observation(boolean ready, T value, String state) {
    this.ready = ready;
    this.value = value;
    this.state = state;
  }

  /** The condition holds. */
  public static <T> Observation<T> ready(T value) {
    return new Observation<>(true, value, "ready");
  }

  /** The condition does not hold yet; {@code state} says what was seen instead. */
  public static <T> Observation<T> notYet(String state) {
    return new Observation<>(false, null, Objects.requireNonNull(state, "state"));
  }

  public boolean isReady() {
    return ready;
  }

  public T value() {
    if (!ready) {
      throw new IllegalStateException("not ready: " + state);
    }
    return value;
  }

  public String state() {
    return state;
  }

  @Override
  public String toString() {
    return ready ? "ready(" + value + ")" : "notYet(" + state + ")";
  }
}
