package dev.ergokv.it;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The order of UUID keys in TiKV: unsigned order of the 16 bytes (docs/mapping.md), which is not
 * {@link UUID#compareTo} (signed).
 */
final class UuidOrder {

  static final Comparator<UUID> STORED =
      Comparator.comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
          .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

  private UuidOrder() {}

  static List<UUID> sorted(Collection<UUID> ids) {
    List<UUID> sorted = new ArrayList<>(ids);
    sorted.sort(STORED);
    return sorted;
  }
}
