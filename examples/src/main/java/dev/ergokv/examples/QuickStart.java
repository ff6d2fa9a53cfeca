package dev.ergokv.examples;

import dev.ergokv.ErgoKv;
import dev.ergokv.localcluster.LocalCluster;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The quick start: an embedded TiKV cluster, the README's {@link User}, and one step of each
 * kind — save, load by key, find by unique username and by department, change through dirty
 * tracking, delete — each printed as it happens.
 *
 * <p>Run it from the repository root with {@code mvn -q -pl examples -am -DskipTests -Pexample
 * verify}. {@code ERGOKV_CLUSTER=external:host:2379} runs the same steps against a cluster you
 * already have (in a keyspace of their own, {@value #KEYSPACE}).
 */
public final class QuickStart {

  static final String KEYSPACE = "quick-start";

  private QuickStart() {}

  /** Runs the steps and exits; nothing is left running. */
  public static void main(String[] args) {
    System.out.println("ErgoKV quick start");
    System.out.println();

    long started = System.nanoTime();
    // Embedded unless ERGOKV_CLUSTER / -Dergokv.cluster names another backend.
    try (LocalCluster cluster = LocalCluster.start();
        ErgoKv kv =
            ErgoKv.builder()
                .pdAddresses(cluster.pdAddresses())
                .hostMapping(cluster.hostMapping())
                .keyspace(KEYSPACE)
                .build()) {
      step(
          1,
          "Started the cluster (%s backend), PD at %s, and connected in %d ms",
          cluster.backend().name().toLowerCase(Locale.ROOT),
          cluster.pdAddresses(),
          (System.nanoTime() - started) / 1_000_000);
      run(kv);
    }
    System.out.println();
    System.out.println("Done: the cluster is stopped and the connection closed.");
  }

  private static void run(ErgoKv kv) {
    User ada = new User(UUID.randomUUID(), "ada", "ada@example.com", "research");
    User grace = new User(UUID.randomUUID(), "grace", "grace@example.com", "navy");
    User alan = new User(UUID.randomUUID(), "alan", "alan@example.com", "research");
    kv.transact(
        tx -> {
          tx.save(ada);
          tx.save(grace);
          tx.save(alan);
        });
    step(2, "Saved 3 users in one transaction: ada, grace, alan");
    detail("each user is one key; its unique username and its department are index keys,");
    detail("all written atomically with it");

    User loaded = kv.read(tx -> tx.load(User.class, ada.getId())).orElseThrow();
    step(3, "Loaded by key %s", ada.getId());
    detail("-> %s", loaded);

    Optional<User> byUsername = kv.read(tx -> tx.findUnique(User.class, "username", "grace"));
    step(4, "Found by unique username \"grace\"");
    detail("-> %s", byUsername.map(User::toString).orElse("nobody"));

    List<User> research = kv.read(tx -> tx.find(User.class, "department", "research").toList());
    step(5, "Found by department \"research\": %d users", research.size());
    research.forEach(user -> detail("-> %s", user));

    kv.transact(
        tx ->
            tx.load(User.class, ada.getId())
                .ifPresent(user -> user.setEmail("lovelace@example.com")));
    String email = kv.read(tx -> tx.load(User.class, ada.getId()).orElseThrow().getEmail());
    step(6, "Changed ada's e-mail: loaded her, called setEmail, no save()");
    detail("the commit wrote the change it found; read back: %s", email);

    boolean deleted = kv.transactResult(tx -> tx.delete(User.class, alan.getId()));
    Optional<User> gone = kv.read(tx -> tx.load(User.class, alan.getId()));
    List<String> left =
        kv.read(
            tx -> tx.find(User.class, "department", "research").map(User::getUsername).toList());
    step(7, "Deleted alan (%s)", deleted ? "he existed" : "he was not there");
    detail("load by key -> %s", gone.isPresent() ? "still there!" : "nothing");
    detail("department \"research\" now -> %s", left);
  }

  private static void step(int number, String format, Object... args) {
    System.out.printf("%d. %s%n", number, String.format(format, args));
  }

  private static void detail(String format, Object... args) {
    System.out.printf("   %s%n", String.format(format, args));
  }
}
