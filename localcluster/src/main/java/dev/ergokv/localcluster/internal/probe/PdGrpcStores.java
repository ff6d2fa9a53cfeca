package dev.ergokv.localcluster.internal.probe;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tikv.common.pd.PDUtils;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.PDGrpc;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.io.grpc.ManagedChannel;
import org.tikv.shade.io.grpc.netty.NettyChannelBuilder;

/**
 * Asks PD over gRPC — {@code GetMembers}, then {@code GetAllStores} with the cluster id it
 * learned — the same calls tikv-client-java starts a session with. Unlike the HTTP API this also
 * works against the embedded server, which speaks only gRPC.
 *
 * <p>Each endpoint is asked in turn until one answers; a follower refusing {@code GetAllStores}
 * just moves the question on. Holds one channel per endpoint: {@link #close()} it.
 */
public final class PdGrpcStores implements StoresSource, AutoCloseable {

  private static final Duration CALL_LIMIT = Duration.ofSeconds(2);

  private final List<String> endpoints;
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

  /** @param endpoints PD client addresses, {@code host:port} (an {@code http://} prefix is fine) */
  public PdGrpcStores(List<String> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no PD endpoint to ask");
    }
    this.endpoints = List.copyOf(endpoints);
  }

  @Override
  public synchronized List<StoreState> fetch(Deadline deadline) throws Exception {
    Exception failure = null;
    for (String endpoint : endpoints) {
      try {
        return fetchFrom(endpoint, deadline);
      } catch (Exception e) {
        Exception described = new IllegalStateException("PD " + endpoint + ": " + Probe.summarize(e), e);
        if (failure == null) {
          failure = described;
        } else {
          failure.addSuppressed(described);
        }
      }
    }
    throw failure;
  }

  private List<StoreState> fetchFrom(String endpoint, Deadline deadline) {
    PDGrpc.PDBlockingStub pd = PDGrpc.newBlockingStub(channel(endpoint));
    Pdpb.GetMembersResponse members =
        pd.withDeadlineAfter(callLimit(deadline), TimeUnit.NANOSECONDS)
            .getMembers(Pdpb.GetMembersRequest.getDefaultInstance());
    if (members.getHeader().hasError()) {
      throw new IllegalStateException("GetMembers: " + members.getHeader().getError().getMessage());
    }
    if (members.getLeader().getMemberId() == 0) {
      throw new IllegalStateException("GetMembers: PD has no leader yet");
    }
    Pdpb.RequestHeader header =
        Pdpb.RequestHeader.newBuilder().setClusterId(members.getHeader().getClusterId()).build();
    Pdpb.GetAllStoresResponse answer =
        pd.withDeadlineAfter(callLimit(deadline), TimeUnit.NANOSECONDS)
            .getAllStores(
                Pdpb.GetAllStoresRequest.newBuilder()
                    .setHeader(header)
                    .setExcludeTombstoneStores(true)
                    .build());
    if (answer.getHeader().hasError()) {
      throw new IllegalStateException(
          "GetAllStores: " + answer.getHeader().getError().getMessage());
    }
    List<StoreState> stores = new ArrayList<>();
    for (Metapb.Store store : answer.getStoresList()) {
      stores.add(new StoreState(store.getId(), store.getAddress(), stateName(store)));
    }
    return stores;
  }

  private static String stateName(Metapb.Store store) {
    Metapb.StoreState state = store.getState();
    return state == Metapb.StoreState.UNRECOGNIZED ? "unknown" : state.name();
  }

  private static long callLimit(Deadline deadline) {
    return Math.max(1, deadline.cap(CALL_LIMIT).toNanos());
  }

  private ManagedChannel channel(String endpoint) {
    return channels.computeIfAbsent(
        endpoint,
        e -> {
          URI uri = PDUtils.addrToUri(e);
          return NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort())
              .usePlaintext()
              .build();
        });
  }

  @Override
  public String describe() {
    return "PD gRPC GetMembers/GetAllStores at " + String.join(",", endpoints);
  }

  @Override
  public synchronized void close() {
    for (ManagedChannel channel : channels.values()) {
      channel.shutdownNow();
    }
    try {
      for (ManagedChannel channel : channels.values()) {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channels.clear();
  }
}
