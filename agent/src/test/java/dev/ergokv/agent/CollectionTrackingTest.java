package dev.ergokv.agent;

import static dev.ergokv.agent.DirtyTrackingTest.customer;
import static dev.ergokv.agent.DirtyTrackingTest.slot;
import static dev.ergokv.agent.DirtyTrackingTest.slots;
import static dev.ergokv.agent.SampleBuild.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.enhance.EnhancedEntity;
import dev.ergokv.enhance.Tracking;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Collection and map fields of an enhanced entity report in-place changes after {@code
 * ergokv$clearDirty()} installed their wrappers; replacing the field is seen as a write.
 */
class CollectionTrackingTest {

  static Stream<Integer> releases() {
    return SampleBuild.releases();
  }

  @SuppressWarnings("unchecked")
  private static List<String> tags(EnhancedEntity customer) {
    return (List<String>) call(customer, "getTags");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Integer> counters(EnhancedEntity customer) {
    return (Map<String, Integer>) call(customer, "getCounters");
  }

  @SuppressWarnings("unchecked")
  private static NavigableSet<Integer> lucky(EnhancedEntity customer) {
    return (NavigableSet<Integer>) call(customer, "getLucky");
  }

  /** Runs {@code change} on a clean customer with some content; checks what it marked. */
  private static void assertMarks(
      int release, String field, boolean marks, Consumer<EnhancedEntity> change)
      throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    tags(customer).addAll(List.of("a", "b", "c"));
    counters(customer).put("x", 1);
    counters(customer).put("y", 2);
    lucky(customer).addAll(List.of(3, 7, 9));
    customer.ergokv$clearDirty();

    change.accept(customer);

    assertThat(customer.ergokv$dirtySlots())
        .as("dirty after change of %s", field)
        .isEqualTo(marks ? slots(customer, field) : new BitSet());
  }

  @ParameterizedTest
  @MethodSource("releases")
  void clearDirtyWrapsCollectionAndMapFields(int release) throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));

    assertThat(Tracking.isTracked(tags(customer), customer, slot(customer, "tags"))).isTrue();
    assertThat(Tracking.isTracked(counters(customer), customer, slot(customer, "counters")))
        .isTrue();
    assertThat(Tracking.isTracked(lucky(customer), customer, slot(customer, "lucky"))).isTrue();
    assertThat(lucky(customer)).isInstanceOf(NavigableSet.class);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void listChanges(int release) throws Exception {
    assertMarks(release, "tags", true, c -> tags(c).add("d"));
    assertMarks(release, "tags", true, c -> tags(c).remove("a"));
    assertMarks(release, "tags", false, c -> tags(c).remove("absent"));
    assertMarks(release, "tags", true, c -> tags(c).set(0, "z"));
    assertMarks(release, "tags", false, c -> tags(c).set(0, "a"));
    assertMarks(release, "tags", true, c -> tags(c).sort(Comparator.reverseOrder()));
    assertMarks(release, "tags", true, c -> tags(c).subList(0, 2).clear());
    assertMarks(release, "tags", true, c -> tags(c).removeIf("b"::equals));
    assertMarks(release, "tags", true, c -> tags(c).listIterator().add("first"));
    assertMarks(
        release,
        "tags",
        true,
        c -> {
          Iterator<String> it = tags(c).iterator();
          it.next();
          it.remove();
        });
    assertMarks(release, "tags", false, c -> tags(c).stream().count());
    assertMarks(release, "tags", true, c -> tags(c).clear());
  }

  @ParameterizedTest
  @MethodSource("releases")
  void mapChanges(int release) throws Exception {
    assertMarks(release, "counters", true, c -> counters(c).put("z", 3));
    assertMarks(release, "counters", true, c -> counters(c).put("x", 5));
    assertMarks(release, "counters", false, c -> counters(c).put("x", 1));
    assertMarks(release, "counters", true, c -> counters(c).remove("x"));
    assertMarks(release, "counters", false, c -> counters(c).remove("absent"));
    assertMarks(release, "counters", false, c -> counters(c).computeIfAbsent("x", k -> 9));
    assertMarks(release, "counters", true, c -> counters(c).merge("x", 1, Integer::sum));
    assertMarks(release, "counters", true, c -> counters(c).keySet().remove("y"));
    assertMarks(release, "counters", true, c -> counters(c).values().remove(2));
    assertMarks(
        release,
        "counters",
        true,
        c -> counters(c).entrySet().iterator().next().setValue(42));
    assertMarks(
        release,
        "counters",
        true,
        c -> counters(c).entrySet().forEach(entry -> entry.setValue(entry.getValue() + 1)));
    assertMarks(release, "counters", false, c -> counters(c).get("x"));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void navigableSetChanges(int release) throws Exception {
    assertMarks(release, "lucky", true, c -> lucky(c).add(11));
    assertMarks(release, "lucky", false, c -> lucky(c).add(3));
    assertMarks(release, "lucky", true, c -> lucky(c).pollFirst());
    assertMarks(release, "lucky", true, c -> lucky(c).headSet(5).clear());
    assertMarks(release, "lucky", true, c -> lucky(c).descendingSet().remove(9));
    assertMarks(
        release,
        "lucky",
        true,
        c -> {
          Iterator<Integer> it = lucky(c).descendingIterator();
          it.next();
          it.remove();
        });
  }

  @ParameterizedTest
  @MethodSource("releases")
  void replacingACollectionMarksItAndItIsTrackedFromTheNextClearOn(int release)
      throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));
    Map<String, Integer> replacement = new HashMap<>(Map.of("n", 1));

    call(customer, "setCounters", replacement);

    assertThat(customer.ergokv$dirtySlots()).isEqualTo(slots(customer, "counters"));
    // Until the flush, the field holds the application's own map; the flush encodes it anyway.
    assertThat(counters(customer)).isSameAs(replacement);

    customer.ergokv$clearDirty();
    assertThat(Tracking.isTracked(counters(customer), customer, slot(customer, "counters")))
        .isTrue();
    assertThat(Tracking.unwrap(counters(customer))).isSameAs(replacement);
    counters(customer).put("m", 2);
    assertThat(customer.ergokv$dirtySlots()).isEqualTo(slots(customer, "counters"));
    assertThat(replacement).containsEntry("m", 2);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void collectionsOfMutableOrConcreteTypesAreComparedAtFlushNotWrapped(int release)
      throws Exception {
    EnhancedEntity customer = customer(SampleBuild.of(release));

    Object history = customer.ergokv$read(slot(customer, "history"));
    Object drafts = customer.ergokv$read(slot(customer, "drafts"));

    assertThat(Tracking.unwrap(history)).isSameAs(history);
    assertThat(Tracking.unwrap(drafts)).isSameAs(drafts);
  }
}
