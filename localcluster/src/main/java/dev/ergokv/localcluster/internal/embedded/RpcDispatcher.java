package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.embedded.Fault;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.com.google.protobuf.Descriptors;
import org.tikv.shade.com.google.protobuf.Message;
import org.tikv.shade.io.grpc.MethodDescriptor;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;
import org.tikv.shade.io.grpc.stub.StreamObserver;

/**
 * Runs every unary RPC of the server: injected faults first, then the handler; region errors
 * thrown by the handler become the response's {@code region_error}; anything unexpected becomes
 * an INTERNAL status naming the RPC, so no call ever hangs.
 */
final class RpcDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(RpcDispatcher.class);

  /** Thrown by a handler whose work is done but whose answer must never arrive (a crash). */
  static final class CrashNow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CrashNow() {
      super(null, null, false, false);
    }
  }

  /** What the dispatcher needs to know of the server around it. */
  interface Control {
    /** Whether the server is going down; calls then fail as if the connection broke. */
    boolean isDown();

    /** Stops the server abruptly (asynchronously; called from a gRPC thread). */
    void crashNow();
  }

  private final FaultPlan faults;
  private final ScheduledExecutorService scheduler;
  private final RegionTable regions;
  private final RegionGuard guard;
  private final Control control;
  private final ConcurrentHashMap<Descriptors.Descriptor, Descriptors.FieldDescriptor> regionErrorFields =
      new ConcurrentHashMap<>();

  RpcDispatcher(
      FaultPlan faults, ScheduledExecutorService scheduler, RegionTable regions, RegionGuard guard, Control control) {
    this.faults = faults;
    this.scheduler = scheduler;
    this.regions = regions;
    this.guard = guard;
    this.control = control;
  }

  <Req extends Message, Resp extends Message> void unary(
      MethodDescriptor<Req, Resp> method, Req request, StreamObserver<Resp> out, Function<Req, Resp> handler) {
    String name = method.getBareMethodName();
    if (control.isDown()) {
      fail(out, Status.UNAVAILABLE.withDescription("the embedded server is stopping"));
      return;
    }
    Fault fault = faults.take(name);
    if (fault == null) {
      serve(method, name, request, out, handler);
      return;
    }
    switch (fault.kind()) {
      case DELAY:
        try {
          scheduler.schedule(
              () -> serve(method, name, request, out, handler), fault.delay().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          fail(out, Status.UNAVAILABLE.withDescription("the embedded server is closed").withCause(e));
        }
        return;
      case GRPC_STATUS:
        fail(
            out,
            Status.fromCode(Status.Code.valueOf(fault.statusCode().orElseThrow()))
                .withDescription("injected fault on " + name));
        return;
      default:
        respond(out, withRegionError(method, injectedRegionError(fault, request)));
    }
  }

  /** Serves a call now (PD's TSO stream uses this per request message). */
  <Req extends Message, Resp extends Message> void serve(
      MethodDescriptor<Req, Resp> method, String name, Req request, StreamObserver<Resp> out, Function<Req, Resp> handler) {
    Resp response;
    try {
      response = handler.apply(request);
    } catch (RegionErrorException e) {
      response = withRegionError(method, e.error());
    } catch (CrashNow e) {
      control.crashNow();
      return;
    } catch (StatusRuntimeException e) {
      fail(out, e.getStatus());
      return;
    } catch (RuntimeException e) {
      LOG.warn("{} failed in the embedded server", name, e);
      fail(out, Status.INTERNAL.withDescription(name + " failed in the embedded server: " + e).withCause(e));
      return;
    }
    respond(out, response);
  }

  /** A fault for the current call of a streaming RPC, or null. */
  Fault takeFault(String name) {
    return faults.take(name);
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  static <Resp> void respond(StreamObserver<Resp> out, Resp response) {
    try {
      out.onNext(response);
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      // The client gave up on the call (deadline, cancel) before the answer was ready.
      LOG.debug("call ended before its response was sent: {}", e.getStatus());
    }
  }

  /** One message of a streaming answer. */
  static <Resp> void respondPart(StreamObserver<Resp> out, Resp response) {
    try {
      out.onNext(response);
    } catch (StatusRuntimeException e) {
      LOG.debug("stream ended before a message was sent: {}", e.getStatus());
    }
  }

  static void complete(StreamObserver<?> out) {
    try {
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      LOG.debug("stream ended before it was completed: {}", e.getStatus());
    }
  }

  static void fail(StreamObserver<?> out, Status status) {
    try {
      out.onError(status.asRuntimeException());
    } catch (StatusRuntimeException e) {
      LOG.debug("call ended before its error was sent: {}", e.getStatus());
    }
  }

  private Errorpb.Error injectedRegionError(Fault fault, Message request) {
    Kvrpcpb.Context ctx = contextOf(request);
    RegionMeta region = ctx == null ? null : regions.byId(ctx.getRegionId());
    long regionId = ctx == null ? 0 : ctx.getRegionId();
    switch (fault.kind()) {
      case NOT_LEADER:
        return RegionGuard.notLeader(regionId, region == null ? null : region.leader());
      case EPOCH_NOT_MATCH:
        if (region == null) {
          return Errorpb.Error.newBuilder()
              .setMessage("epoch not match (injected)")
              .setEpochNotMatch(Errorpb.EpochNotMatch.getDefaultInstance())
              .build();
        }
        return guard.epochNotMatch(region, ctx.getRegionEpoch().getVersion());
      case SERVER_IS_BUSY:
        return RegionGuard.serverIsBusy();
      default:
        throw new IllegalStateException("not a region error: " + fault);
    }
  }

  private static Kvrpcpb.Context contextOf(Message request) {
    Descriptors.FieldDescriptor field = request.getDescriptorForType().findFieldByName("context");
    if (field == null || field.getType() != Descriptors.FieldDescriptor.Type.MESSAGE) {
      return null;
    }
    Object value = request.getField(field);
    return value instanceof Kvrpcpb.Context ? (Kvrpcpb.Context) value : null;
  }

  @SuppressWarnings("unchecked")
  private <Resp extends Message> Resp withRegionError(MethodDescriptor<?, Resp> method, Errorpb.Error error) {
    Resp prototype =
        ((MethodDescriptor.PrototypeMarshaller<Resp>) method.getResponseMarshaller()).getMessagePrototype();
    Descriptors.Descriptor type = prototype.getDescriptorForType();
    Descriptors.FieldDescriptor field =
        regionErrorFields.computeIfAbsent(type, t -> t.findFieldByName("region_error"));
    if (field == null) {
      throw new IllegalStateException(type.getFullName() + " has no region_error field");
    }
    return (Resp) prototype.newBuilderForType().setField(field, error).build();
  }
}
