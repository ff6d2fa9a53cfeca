package dev.ergokv.localcluster.internal.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.PDGrpc;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.io.grpc.Server;
import org.tikv.shade.io.grpc.netty.NettyServerBuilder;
import org.tikv.shade.io.grpc.stub.StreamObserver;

/**
 * A stand-in for PD's gRPC service on loopback, answering only {@code GetMembers} and {@code
 * GetAllStores} — and, like PD, refusing a request whose header carries the wrong cluster id.
 */
public final class FakePdGrpcServer implements AutoCloseable {

  public static final long CLUSTER_ID = 7_000_000_000_000_000_001L;

  private final Server server;
  private final AtomicLong leaderId = new AtomicLong(1);
  private final List<Metapb.Store> stores = new CopyOnWriteArrayList<>();
  private final AtomicInteger getAllStoresCalls = new AtomicInteger();

  private FakePdGrpcServer() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(new Service())
            .build()
            .start();
  }

  public static FakePdGrpcServer start() throws IOException {
    return new FakePdGrpcServer();
  }

  public String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** 0 means "no leader elected yet". */
  public FakePdGrpcServer leader(long memberId) {
    leaderId.set(memberId);
    return this;
  }

  public FakePdGrpcServer store(long id, String address, Metapb.StoreState state) {
    stores.add(Metapb.Store.newBuilder().setId(id).setAddress(address).setState(state).build());
    return this;
  }

  public int getAllStoresCalls() {
    return getAllStoresCalls.get();
  }

  public boolean isRunning() {
    return !server.isShutdown();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  private final class Service extends PDGrpc.PDImplBase {
    @Override
    public void getMembers(
        Pdpb.GetMembersRequest request, StreamObserver<Pdpb.GetMembersResponse> answer) {
      Pdpb.Member member =
          Pdpb.Member.newBuilder()
              .setName("pd-0")
              .setMemberId(1)
              .addClientUrls("http://" + endpoint())
              .build();
      Pdpb.GetMembersResponse.Builder response =
          Pdpb.GetMembersResponse.newBuilder()
              .setHeader(Pdpb.ResponseHeader.newBuilder().setClusterId(CLUSTER_ID))
              .addMembers(member);
      if (leaderId.get() != 0) {
        response.setLeader(member.toBuilder().setMemberId(leaderId.get()));
      }
      answer.onNext(response.build());
      answer.onCompleted();
    }

    @Override
    public void getAllStores(
        Pdpb.GetAllStoresRequest request, StreamObserver<Pdpb.GetAllStoresResponse> answer) {
      getAllStoresCalls.incrementAndGet();
      Pdpb.ResponseHeader.Builder header = Pdpb.ResponseHeader.newBuilder().setClusterId(CLUSTER_ID);
      Pdpb.GetAllStoresResponse.Builder response = Pdpb.GetAllStoresResponse.newBuilder();
      if (request.getHeader().getClusterId() != CLUSTER_ID) {
        header.setError(
            Pdpb.Error.newBuilder()
                .setType(Pdpb.ErrorType.UNKNOWN)
                .setMessage("mismatch cluster id " + request.getHeader().getClusterId()));
      } else {
        response.addAllStores(stores);
      }
      answer.onNext(response.setHeader(header).build());
      answer.onCompleted();
    }
  }
}
