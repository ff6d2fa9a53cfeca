package dev.ergokv.localcluster.internal.probe;

import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.ClusterStartException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Waits until a started cluster is usable, in the order that tells the most when it is not: PD
 * answers, a TiKV store is Up in PD, then (if a {@link TransactionCheck} is given) a transaction
 * commits and reads back. All steps share one deadline; a guard (the server processes are alive)
 * is asked between attempts so that a crashed server fails the start at once.
 *
 * <p>Every failure becomes a {@link ClusterStartException} naming the PD endpoints, the step, the
 * last state seen, and the diagnostics the backend supplies (log tails, the data directory).
 */
public final class ClusterReadiness {

  private final Backend backend;
  private final String label;
  private final List<String> pdEndpoints;
  private final Map<String, String> hostMapping;
  private final StoresSource stores;
  private final TransactionCheck transaction;
  private final Probe.Guard guard;
  private final CompletableFuture<?> wakeUp;
  private final Supplier<String> diagnostics;

  private ClusterReadiness(Builder b) {
    this.backend = b.backend;
    this.label = b.label;
    this.pdEndpoints = List.copyOf(b.pdEndpoints);
    this.hostMapping = Map.copyOf(b.hostMapping);
    this.stores = Objects.requireNonNull(b.stores, "stores");
    this.transaction = b.transaction;
    this.guard = b.guard;
    this.wakeUp = b.wakeUp;
    this.diagnostics = b.diagnostics;
  }

  /**
   * @param label what is starting, for messages ("TiUP playground", "containers")
   * @param pdEndpoints the PD addresses the cluster will be used through
   */
  public static Builder builder(Backend backend, String label, List<String> pdEndpoints) {
    return new Builder(backend, label, pdEndpoints);
  }

  /** Waits until PD answers the stores question at all (used before starting TiKV). */
  public void awaitPd(Deadline deadline) {
    Probe probe = probe("PD to answer at " + stores.describe());
    run(
        probe,
        deadline,
        d -> {
          stores.fetch(d);
          return Observation.ready(Boolean.TRUE);
        });
  }

  /** Waits for a store Up in PD, then for the transaction check. */
  public void await(Deadline deadline) {
    run(
        probe("a TiKV store Up in PD (" + stores.describe() + ")"),
        deadline,
        d -> StoreState.readiness(stores.fetch(d)));
    if (transaction == null) {
      return;
    }
    String through =
        "a transaction to commit and read back through tikv-client-java via PD "
            + String.join(",", pdEndpoints)
            + (hostMapping.isEmpty() ? "" : " with host mapping " + hostMapping);
    run(
        probe(through).pauses(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(500)),
        deadline,
        d -> {
          transaction.run(pdEndpoints, hostMapping, d.remaining());
          return Observation.ready(Boolean.TRUE);
        });
  }

  private Probe probe(String awaited) {
    return Probe.of(awaited).abortWhen(guard, wakeUp);
  }

  private <T> T run(Probe probe, Deadline deadline, Probe.Check<T> check) {
    try {
      return probe.until(deadline, check);
    } catch (ProbeTimeoutException e) {
      throw new ClusterStartException(
          backend,
          label
              + " (PD "
              + String.join(",", pdEndpoints)
              + ") did not become ready within "
              + Deadline.describe(deadline.budget())
              + ": "
              + e.getMessage()
              + diagnosticsBlock(),
          e);
    } catch (ProbeAbortedException e) {
      throw new ClusterStartException(
          backend,
          label
              + " (PD "
              + String.join(",", pdEndpoints)
              + ") failed to start: "
              + e.getMessage()
              + diagnosticsBlock(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterStartException(
          backend,
          label + " (PD " + String.join(",", pdEndpoints) + "): interrupted while waiting for "
              + probe.awaited(),
          e);
    }
  }

  private String diagnosticsBlock() {
    String text = diagnostics.get();
    return text == null || text.isBlank() ? "" : "\n" + text;
  }

  /** Builds a {@link ClusterReadiness}. */
  public static final class Builder {
    private final Backend backend;
    private final String label;
    private final List<String> pdEndpoints;
    private Map<String, String> hostMapping = Map.of();
    private StoresSource stores;
    private TransactionCheck transaction;
    private Probe.Guard guard = Probe.Guard.NONE;
    private CompletableFuture<?> wakeUp = new CompletableFuture<>();
    private Supplier<String> diagnostics = () -> "";

    private Builder(Backend backend, String label, List<String> pdEndpoints) {
      this.backend = Objects.requireNonNull(backend, "backend");
      this.label = Objects.requireNonNull(label, "label");
      if (pdEndpoints.isEmpty()) {
        throw new IllegalArgumentException("no PD endpoint");
      }
      this.pdEndpoints = List.copyOf(pdEndpoints);
    }

    public Builder hostMapping(Map<String, String> mapping) {
      this.hostMapping = Map.copyOf(mapping);
      return this;
    }

    /** Where to ask for the stores (PD's HTTP API, or gRPC). Required. */
    public Builder stores(StoresSource source) {
      this.stores = source;
      return this;
    }

    /** The final step; without one, readiness ends once a store is Up. */
    public Builder transaction(TransactionCheck check) {
      this.transaction = check;
      return this;
    }

    /** Fails the wait at once when {@code guard} reports a failure; see {@link Probe#abortWhen}. */
    public Builder abortWhen(Probe.Guard guard, CompletableFuture<?> wakeUp) {
      this.guard = Objects.requireNonNull(guard, "guard");
      this.wakeUp = Objects.requireNonNull(wakeUp, "wakeUp");
      return this;
    }

    /** Text appended to every failure: log tails, where the data lives. Asked only on failure. */
    public Builder diagnostics(Supplier<String> diagnostics) {
      this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
      return this;
    }

    public ClusterReadiness build() {
      return new ClusterReadiness(this);
    }
  }
}
