package dev.ergokv.examples;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.ErgoKv;
import java.util.Optional;
import java.util.UUID;

/**
 * Connects to a TiKV cluster you already run, by its PD address, saves a user and reads it back,
 * in the keyspace {@value #KEYSPACE} (so it never touches other data) and deletes it again.
 *
 * <p>Give the address as {@code -Dpd=host:2379} (several separated by commas) or as the first
 * argument; without one it prints how to run it and exits.
 */
public final class ExistingCluster {

  static final String KEYSPACE = "ergokv-example";

  private ExistingCluster() {}

  /** Connects to the cluster named by {@code -Dpd} or the first argument. */
  public static void main(String[] args) {
    // Maven's exec:java hands an empty -Dpd over as an empty (or absent) argument.
    String pd = args.length > 0 && args[0] != null ? args[0] : System.getProperty("pd", "");
    if (pd.isBlank()) {
      System.out.println("ExistingCluster connects to a TiKV cluster you already run.");
      System.out.println("Tell it where PD answers, for example:");
      System.out.println();
      System.out.println(
          "  mvn -q -pl examples -am -DskipTests -Pexisting-cluster -Dpd=127.0.0.1:2379 verify");
      System.out.println();
      System.out.println("Nothing was done.");
      return;
    }

    System.out.println("Connecting to PD at " + pd + " ...");
    try (ErgoKv kv = ErgoKv.builder().pdAddresses(pd).keyspace(KEYSPACE).build()) {
      UUID id = UUID.randomUUID();
      kv.transact(tx -> tx.save(new User(id, "visitor-" + id, "visitor@example.com", "guests")));
      Optional<User> read = kv.read(tx -> tx.load(User.class, id));
      System.out.println(
          "Saved and read back, in keyspace \"" + KEYSPACE + "\": " + read.orElseThrow());
      kv.transact(tx -> tx.delete(User.class, id));
      System.out.println("Deleted it again. Done.");
    } catch (ClusterUnavailableException e) {
      System.err.println("Could not reach the cluster: " + e.getMessage());
      System.exit(2);
    }
  }
}
