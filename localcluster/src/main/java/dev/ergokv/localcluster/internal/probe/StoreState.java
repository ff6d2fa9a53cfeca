package dev.ergokv.localcluster.internal.probe;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One TiKV store as PD reports it.
 *
 * @param id the store id
 * @param address the address the store advertises ({@code host:port})
 * @param state PD's state name: {@code Up}, {@code Offline}, {@code Tombstone}, or from the HTTP
 *     API also {@code Disconnected} and {@code Down}
 */
public record StoreState(long id, String address, String state) {

  public static final String UP = "Up";

  public boolean isUp() {
    return UP.equalsIgnoreCase(state);
  }

  /**
   * Ready once at least one store is Up; otherwise says what PD reported instead, for the message
   * a timeout carries.
   */
  public static Observation<List<StoreState>> readiness(List<StoreState> stores) {
    if (stores.isEmpty()) {
      return Observation.notYet("PD reports no TiKV store yet");
    }
    if (stores.stream().anyMatch(StoreState::isUp)) {
      return Observation.ready(List.copyOf(stores));
    }
    return Observation.notYet("no store is Up: " + describe(stores));
  }

  /** "store 1 at 127.0.0.1:20160 is Offline, store 2 at ... is Down". */
  public static String describe(List<StoreState> stores) {
    return stores.stream()
        .map(s -> "store " + s.id() + " at " + s.address() + " is " + s.state())
        .collect(Collectors.joining(", "));
  }
}
