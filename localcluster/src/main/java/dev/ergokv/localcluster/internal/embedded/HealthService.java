package dev.ergokv.localcluster.internal.embedded;

import java.util.Set;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.health.v1.HealthCheckRequest;
import org.tikv.shade.io.grpc.health.v1.HealthCheckResponse;
import org.tikv.shade.io.grpc.health.v1.HealthGrpc;
import org.tikv.shade.io.grpc.stub.StreamObserver;

/**
 * The standard gRPC health service. The client probes PD and the store with it (empty service
 * name) and logs a warning per call when it is missing.
 */
final class HealthService extends HealthGrpc.HealthImplBase {

  private static final Set<String> SERVING = Set.of("", "pdpb.PD", "tikvpb.Tikv");

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
    if (!SERVING.contains(request.getService())) {
      RpcDispatcher.fail(out, Status.NOT_FOUND.withDescription("unknown service " + request.getService()));
      return;
    }
    RpcDispatcher.respond(
        out, HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
  }
}
