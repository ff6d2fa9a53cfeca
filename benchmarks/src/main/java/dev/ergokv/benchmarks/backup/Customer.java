package dev.ergokv.benchmarks.backup;

import dev.ergokv.annotation.Entity;
import dev.ergokv.annotation.Index;
import dev.ergokv.annotation.Key;
import dev.ergokv.annotation.Unique;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A typical small entity (about 200 bytes stored) with a unique and a non-unique index. */
@Entity("Customer")
public class Customer {
  @Key private long id;
  @Unique private String email;
  @Index private String city;
  private String name;
  private BigDecimal balance;
  private Instant since;
  private List<String> tags;

  protected Customer() {}

  /** The n-th customer of a benchmark: distinct email, one of 32 cities. */
  static Customer numbered(long n) {
    Customer c = new Customer();
    c.id = n;
    c.email = "customer" + n + "@example.com";
    c.city = "city" + (n % 32);
    c.name = "Customer number " + n + " of the backup benchmark";
    c.balance = BigDecimal.valueOf(n * 37, 2);
    c.since = Instant.ofEpochSecond(1_600_000_000L + n);
    c.tags = List.of("tag" + (n % 5), "tag" + (n % 7));
    return c;
  }
}
