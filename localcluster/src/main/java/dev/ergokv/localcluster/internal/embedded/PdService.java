package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.embedded.Fault;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.PDGrpc;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.stub.StreamObserver;

/**
 * PD for a one-store cluster: membership (this server is the leader), the TSO, the region table
 * and the store. Region keys are compared as bytes with the (encoded) boundaries, which is right
 * for both clients: the transactional client sends encoded keys, the raw client raw ones.
 */
final class PdService extends PDGrpc.PDImplBase {

  /** Reported to the client; at least 4.0.0 selects the current lock-resolution protocol. */
  static final String STORE_VERSION = "7.1.0";

  private static final long MEMBER_ID = 1;

  private final RpcDispatcher rpc;
  private final RegionTable regions;
  private final HybridClock clock;
  private final long clusterId;
  private final Supplier<String> endpoint;
  private final long startedAtSeconds = System.currentTimeMillis() / 1000;
  private final Map<String, Long> serviceSafePoints = new ConcurrentHashMap<>();
  private volatile long gcSafePoint;

  PdService(RpcDispatcher rpc, RegionTable regions, HybridClock clock, long clusterId, Supplier<String> endpoint) {
    this.rpc = rpc;
    this.regions = regions;
    this.clock = clock;
    this.clusterId = clusterId;
    this.endpoint = endpoint;
  }

  Metapb.Store store() {
    return Metapb.Store.newBuilder()
        .setId(RegionMeta.STORE_ID)
        .setAddress(endpoint.get())
        .setState(Metapb.StoreState.Up)
        .setVersion(STORE_VERSION)
        .setStatusAddress(endpoint.get())
        .setStartTimestamp(startedAtSeconds)
        .setLastHeartbeat(System.currentTimeMillis() * 1_000_000)
        .build();
  }

  @Override
  public void getMembers(Pdpb.GetMembersRequest request, StreamObserver<Pdpb.GetMembersResponse> out) {
    rpc.unary(PDGrpc.getGetMembersMethod(), request, out, req -> {
      String url = "http://" + endpoint.get();
      Pdpb.Member self =
          Pdpb.Member.newBuilder()
              .setName("ergokv-embedded-pd")
              .setMemberId(MEMBER_ID)
              .addClientUrls(url)
              .addPeerUrls(url)
              .setBinaryVersion(STORE_VERSION)
              .build();
      return Pdpb.GetMembersResponse.newBuilder()
          .setHeader(header())
          .addMembers(self)
          .setLeader(self)
          .setEtcdLeader(self)
          .build();
    });
  }

  /**
   * The client opens one stream per timestamp, sends one request and half-closes; every request
   * gets exactly one answer, and the stream completes after the last answer.
   */
  @Override
  public StreamObserver<Pdpb.TsoRequest> tso(StreamObserver<Pdpb.TsoResponse> out) {
    return new StreamObserver<>() {
      private int pending;
      private boolean halfClosed;
      private boolean finished;

      @Override
      public void onNext(Pdpb.TsoRequest req) {
        Fault fault = rpc.takeFault("Tso");
        if (fault == null) {
          answer(req);
          return;
        }
        switch (fault.kind()) {
          case DELAY:
            synchronized (this) {
              pending++;
            }
            try {
              rpc.scheduler().schedule(() -> answer(req), fault.delay().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
              fail(Status.UNAVAILABLE.withDescription("the embedded server is closed"));
            }
            return;
          case GRPC_STATUS:
            fail(
                Status.fromCode(Status.Code.valueOf(fault.statusCode().orElseThrow()))
                    .withDescription("injected fault on Tso"));
            return;
          default:
            throw new IllegalStateException("PD calls carry no region error: " + fault);
        }
      }

      private synchronized void answer(Pdpb.TsoRequest req) {
        if (finished) {
          return;
        }
        if (req.getHeader().getClusterId() != clusterId) {
          fail(mismatch(req.getHeader()));
          return;
        }
        int count = Math.max(1, req.getCount());
        long ts = clock.next(count);
        RpcDispatcher.respondPart(
            out,
            Pdpb.TsoResponse.newBuilder()
                .setHeader(header())
                .setCount(count)
                .setTimestamp(
                    Pdpb.Timestamp.newBuilder()
                        .setPhysical(Timestamps.physical(ts))
                        .setLogical(ts & ((1L << Timestamps.LOGICAL_BITS) - 1)))
                .build());
        if (pending > 0) {
          pending--;
        }
        if (halfClosed && pending == 0) {
          finished = true;
          RpcDispatcher.complete(out);
        }
      }

      private synchronized void fail(Status status) {
        if (!finished) {
          finished = true;
          RpcDispatcher.fail(out, status);
        }
      }

      @Override
      public void onError(Throwable t) {
        synchronized (this) {
          finished = true;
        }
      }

      @Override
      public synchronized void onCompleted() {
        halfClosed = true;
        if (pending == 0 && !finished) {
          finished = true;
          RpcDispatcher.complete(out);
        }
      }
    };
  }

  @Override
  public void getRegion(Pdpb.GetRegionRequest request, StreamObserver<Pdpb.GetRegionResponse> out) {
    rpc.unary(PDGrpc.getGetRegionMethod(), request, out, req -> {
      checkCluster(req.getHeader());
      RegionMeta region = regions.byBytes(req.getRegionKey().toByteArray());
      return regionResponse(region);
    });
  }

  @Override
  public void getPrevRegion(Pdpb.GetRegionRequest request, StreamObserver<Pdpb.GetRegionResponse> out) {
    rpc.unary(PDGrpc.getGetPrevRegionMethod(), request, out, req -> {
      checkCluster(req.getHeader());
      RegionMeta current = regions.byBytes(req.getRegionKey().toByteArray());
      RegionMeta previous = null;
      for (RegionMeta r : regions.all()) {
        if (r == current) {
          break;
        }
        previous = r;
      }
      return previous == null
          ? Pdpb.GetRegionResponse.newBuilder().setHeader(header()).build()
          : regionResponse(previous);
    });
  }

  @Override
  public void getRegionByID(Pdpb.GetRegionByIDRequest request, StreamObserver<Pdpb.GetRegionResponse> out) {
    rpc.unary(PDGrpc.getGetRegionByIDMethod(), request, out, req -> {
      checkCluster(req.getHeader());
      RegionMeta region = regions.byId(req.getRegionId());
      // PD answers an unknown id with an empty region, which the client treats as "not yet".
      return region == null
          ? Pdpb.GetRegionResponse.newBuilder().setHeader(header()).build()
          : regionResponse(region);
    });
  }

  @Override
  public void scanRegions(Pdpb.ScanRegionsRequest request, StreamObserver<Pdpb.ScanRegionsResponse> out) {
    rpc.unary(PDGrpc.getScanRegionsMethod(), request, out, req -> {
      checkCluster(req.getHeader());
      List<RegionMeta> found =
          regions.scan(req.getStartKey().toByteArray(), req.getEndKey().toByteArray(), Math.max(0, req.getLimit()));
      Pdpb.ScanRegionsResponse.Builder resp = Pdpb.ScanRegionsResponse.newBuilder().setHeader(header());
      for (RegionMeta r : found) {
        resp.addRegionMetas(r.proto());
        resp.addLeaders(r.leader());
        resp.addRegions(Pdpb.Region.newBuilder().setRegion(r.proto()).setLeader(r.leader()));
      }
      return resp.build();
    });
  }

  @Override
  public void getStore(Pdpb.GetStoreRequest request, StreamObserver<Pdpb.GetStoreResponse> out) {
    rpc.unary(PDGrpc.getGetStoreMethod(), request, out, req -> {
      checkCluster(req.getHeader());
      if (req.getStoreId() != RegionMeta.STORE_ID) {
        return Pdpb.GetStoreResponse.newBuilder()
            .setHeader(errorHeader(Pdpb.ErrorType.UNKNOWN, "invalid store ID " + req.getStoreId() + ", not found"))
            .build();
      }
      return Pdpb.GetStoreResponse.newBuilder()
          .setHeader(header())
          .setStore(store())
          .setStats(Pdpb.StoreStats.newBuilder().setStoreId(RegionMeta.STORE_ID).setRegionCount(regions.all().size()))
          .build();
    });
  }

  @Override
  public void getAllStores(Pdpb.GetAllStoresRequest request, StreamObserver<Pdpb.GetAllStoresResponse> out) {
    rpc.unary(PDGrpc.getGetAllStoresMethod(), request, out, req -> {
      checkCluster(req.getHeader());
      return Pdpb.GetAllStoresResponse.newBuilder().setHeader(header()).addStores(store()).build();
    });
  }

  @Override
  public void isBootstrapped(Pdpb.IsBootstrappedRequest request, StreamObserver<Pdpb.IsBootstrappedResponse> out) {
    rpc.unary(PDGrpc.getIsBootstrappedMethod(), request, out, req ->
        Pdpb.IsBootstrappedResponse.newBuilder().setHeader(header()).setBootstrapped(true).build());
  }

  @Override
  public void getClusterConfig(Pdpb.GetClusterConfigRequest request, StreamObserver<Pdpb.GetClusterConfigResponse> out) {
    rpc.unary(PDGrpc.getGetClusterConfigMethod(), request, out, req -> {
      checkCluster(req.getHeader());
      return Pdpb.GetClusterConfigResponse.newBuilder()
          .setHeader(header())
          .setCluster(Metapb.Cluster.newBuilder().setId(clusterId).setMaxPeerCount(1))
          .build();
    });
  }

  @Override
  public void getGCSafePoint(Pdpb.GetGCSafePointRequest request, StreamObserver<Pdpb.GetGCSafePointResponse> out) {
    rpc.unary(PDGrpc.getGetGCSafePointMethod(), request, out, req -> {
      checkCluster(req.getHeader());
      return Pdpb.GetGCSafePointResponse.newBuilder().setHeader(header()).setSafePoint(gcSafePoint).build();
    });
  }

  @Override
  public void updateGCSafePoint(Pdpb.UpdateGCSafePointRequest request, StreamObserver<Pdpb.UpdateGCSafePointResponse> out) {
    rpc.unary(PDGrpc.getUpdateGCSafePointMethod(), request, out, req -> {
      checkCluster(req.getHeader());
      synchronized (this) {
        if (Timestamps.compare(req.getSafePoint(), gcSafePoint) > 0) {
          gcSafePoint = req.getSafePoint();
        }
      }
      return Pdpb.UpdateGCSafePointResponse.newBuilder().setHeader(header()).setNewSafePoint(gcSafePoint).build();
    });
  }

  /**
   * Records service safe points and answers the minimum, as PD does; nothing is ever collected
   * here, so they only matter to callers that read them back.
   */
  @Override
  public void updateServiceGCSafePoint(
      Pdpb.UpdateServiceGCSafePointRequest request, StreamObserver<Pdpb.UpdateServiceGCSafePointResponse> out) {
    rpc.unary(PDGrpc.getUpdateServiceGCSafePointMethod(), request, out, req -> {
      checkCluster(req.getHeader());
      String service = req.getServiceId().toStringUtf8();
      if (req.getTTL() <= 0) {
        serviceSafePoints.remove(service);
      } else {
        serviceSafePoints.put(service, req.getSafePoint());
      }
      long min = serviceSafePoints.values().stream().min(Long::compareUnsigned).orElse(req.getSafePoint());
      return Pdpb.UpdateServiceGCSafePointResponse.newBuilder()
          .setHeader(header())
          .setServiceId(req.getServiceId())
          .setTTL(req.getTTL())
          .setMinSafePoint(min)
          .build();
    });
  }

  /** Regions are never moved here, so scattering is done as soon as it is asked. */
  @Override
  public void scatterRegion(Pdpb.ScatterRegionRequest request, StreamObserver<Pdpb.ScatterRegionResponse> out) {
    rpc.unary(PDGrpc.getScatterRegionMethod(), request, out, req ->
        Pdpb.ScatterRegionResponse.newBuilder().setHeader(header()).setFinishedPercentage(100).build());
  }

  @Override
  public void getOperator(Pdpb.GetOperatorRequest request, StreamObserver<Pdpb.GetOperatorResponse> out) {
    rpc.unary(PDGrpc.getGetOperatorMethod(), request, out, req ->
        Pdpb.GetOperatorResponse.newBuilder()
            .setHeader(header())
            .setRegionId(req.getRegionId())
            .setStatus(Pdpb.OperatorStatus.SUCCESS)
            .build());
  }

  private Pdpb.GetRegionResponse regionResponse(RegionMeta region) {
    return Pdpb.GetRegionResponse.newBuilder()
        .setHeader(header())
        .setRegion(region.proto())
        .setLeader(region.leader())
        .build();
  }

  private Pdpb.ResponseHeader header() {
    return Pdpb.ResponseHeader.newBuilder().setClusterId(clusterId).build();
  }

  private Pdpb.ResponseHeader errorHeader(Pdpb.ErrorType type, String message) {
    return Pdpb.ResponseHeader.newBuilder()
        .setClusterId(clusterId)
        .setError(Pdpb.Error.newBuilder().setType(type).setMessage(message))
        .build();
  }

  private void checkCluster(Pdpb.RequestHeader header) {
    if (header.getClusterId() != clusterId) {
      throw mismatch(header).asRuntimeException();
    }
  }

  private Status mismatch(Pdpb.RequestHeader header) {
    return Status.FAILED_PRECONDITION.withDescription(
        "mismatch cluster id, need " + Long.toUnsignedString(clusterId) + " but got "
            + Long.toUnsignedString(header.getClusterId()));
  }
}
