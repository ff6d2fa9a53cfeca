package dev.ergokv.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What fixtures saw, for the test that ran them to check. Cleared before each test. */
final class Recorder {

  private record Sighting(Class<?> fixture, String where, Object value) {}

  private static final ConcurrentLinkedQueue<Sighting> SIGHTINGS = new ConcurrentLinkedQueue<>();

  private Recorder() {}

  static void clear() {
    SIGHTINGS.clear();
  }

  static void saw(Class<?> fixture, String where, Object value) {
    SIGHTINGS.add(new Sighting(fixture, where, value));
  }

  /** Every value of {@code type} seen, in order. */
  static <T> List<T> all(Class<T> type) {
    List<T> values = new ArrayList<>();
    for (Sighting s : SIGHTINGS) {
      if (type.isInstance(s.value())) {
        values.add(type.cast(s.value()));
      }
    }
    return values;
  }

  /** Every value of {@code type} that {@code fixture} saw, in order. */
  static <T> List<T> all(Class<?> fixture, Class<T> type) {
    List<T> values = new ArrayList<>();
    for (Sighting s : SIGHTINGS) {
      if (s.fixture() == fixture && type.isInstance(s.value())) {
        values.add(type.cast(s.value()));
      }
    }
    return values;
  }

  /** The distinct objects (by identity) among {@code values}. */
  static <T> Set<T> distinct(List<T> values) {
    Set<T> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(values);
    return set;
  }

  /** Where {@code fixture} saw a value of {@code type}, in order. */
  static List<String> places(Class<?> fixture, Class<?> type) {
    List<String> places = new ArrayList<>();
    for (Sighting s : SIGHTINGS) {
      if (s.fixture() == fixture && type.isInstance(s.value())) {
        places.add(s.where());
      }
    }
    return places;
  }
}
