package dev.ergokv.internal.txn.tikv;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.ErgoKvException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.common.HostMapping;
import org.tikv.common.TiSession;
import org.tikv.common.region.RegionManager;
import org.tikv.common.region.TiRegion;
import org.tikv.common.region.TiStore;
import org.tikv.common.util.BackOffer;
import org.tikv.common.util.ChannelFactory;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.common.util.Pair;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Metapb;
import org.tikv.shade.com.google.common.util.concurrent.ListenableFuture;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.CallOptions;
import org.tikv.shade.io.grpc.ConnectivityState;
import org.tikv.shade.io.grpc.ManagedChannel;
import org.tikv.shade.io.grpc.MethodDescriptor;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;
import org.tikv.shade.io.grpc.stub.ClientCalls;

/**
 * Routing and RPCs to TiKV over tikv-client-java's region cache and channels: which region and
 * store serve a key, sending kvproto requests with deadlines, and what a region error or a failed
 * call means for the cache. Callers own the retry loops; every loop runs against a {@link
 * Deadline}, and this class turns an exhausted one into {@link ClusterUnavailableException}.
 * Thread-safe.
 */
final class RegionRpc {

  private static final Logger LOG = LoggerFactory.getLogger(RegionRpc.class);

  /** A region and the channel to the store of its leader. Immutable. */
  static final class Route {
    final TiRegion region;
    final String address;
    final ManagedChannel channel;

    Route(TiRegion region, String address, ManagedChannel channel) {
      this.region = region;
      this.address = address;
      this.channel = channel;
    }

    Kvrpcpb.Context context() {
      return region.getLeaderContext();
    }

    /** The context of a read that may ignore the locks of these (resolved) transactions. */
    Kvrpcpb.Context context(Set<Long> resolvedLocks) {
      Kvrpcpb.Context ctx = region.getLeaderContext();
      return resolvedLocks.isEmpty() ? ctx : ctx.toBuilder().addAllResolvedLocks(resolvedLocks).build();
    }

    ByteString end() {
      return region.getEndKey();
    }

    boolean holds(byte[] key) {
      return Keys.before(key, region.getEndKey()) && Keys.compare(key, region.getStartKey()) >= 0;
    }

    @Override
    public String toString() {
      return "region " + region.getId() + " at " + address;
    }
  }

  /** Items of one request: a route and the (key-ordered) items it serves. */
  static final class Batch<T> {
    final Route route;
    final List<T> items;

    Batch(Route route, List<T> items) {
      this.route = route;
      this.items = items;
    }
  }

  private final TiSession session;
  private final RegionManager regions;
  private final ChannelFactory channels;
  private final HostMapping hostMapping;
  private final long requestTimeoutMillis;
  private final List<String> pdEndpoints;

  RegionRpc(TiSession session, long requestTimeoutMillis, List<String> pdEndpoints) {
    this.session = session;
    this.regions = session.getRegionManager();
    this.channels = session.getChannelFactory();
    this.hostMapping = session.getPDClient().getHostMapping();
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.pdEndpoints = List.copyOf(pdEndpoints);
  }

  List<String> pdEndpoints() {
    return pdEndpoints;
  }

  long requestTimeoutMillis() {
    return requestTimeoutMillis;
  }

  // ---------------------------------------------------------------------------------------------
  // PD: timestamps and routes

  /** A fresh timestamp from PD's TSO. */
  long timestamp() {
    long start = System.nanoTime();
    // The client retries TSO inside for seconds, on a channel that may sit out gRPC's backoff.
    reconnectFailedChannels();
    try {
      return session.getTimestamp().getVersion();
    } catch (RuntimeException e) {
      resetConnectBackoff();
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      throw new ClusterUnavailableException(
          pdEndpoints,
          waited,
          "PD at " + String.join(", ", pdEndpoints) + " did not hand out a timestamp within "
              + waited.toMillis() + " ms: " + e.getMessage(),
          e);
    }
  }

  /** The region holding {@code key} and its leader's channel, from the cache or PD. */
  Route route(byte[] key, Deadline deadline) {
    ByteString wrapped = Keys.wrap(key);
    RuntimeException last;
    reconnectFailedChannels();
    do {
      try {
        Pair<TiRegion, TiStore> pair = regions.getRegionStorePairByKey(wrapped, backOffer(deadline));
        TiStore store = pair.second;
        if (store == null) {
          throw new ErgoKvException("no store serves the region of key " + Keys.readable(key));
        }
        String address = store.getStore().getAddress();
        return new Route(pair.first, address, channels.getChannel(address, hostMapping));
      } catch (RuntimeException e) {
        last = e;
        resetConnectBackoff();
        LOG.debug("no route for key {} yet: {}", Keys.readable(key), e.toString());
      }
    } while (deadline.backoff());
    String pd =
        "PD at " + String.join(", ", pdEndpoints) + " did not tell which region holds key " + Keys.readable(key)
            + " (" + last.getMessage() + ")";
    String tikv = deadline.lastFailure();
    // The store is what failed first (a dead store is why the region was looked up again): name it.
    String message =
        tikv == null
            ? pd + " within " + deadline.elapsed().toMillis() + " ms"
            : tikv + "; then " + pd + "; gave up after " + deadline.elapsed().toMillis() + " ms";
    throw new ClusterUnavailableException(pdEndpoints, deadline.elapsed(), message, last);
  }

  /** Splits key-ordered items into batches, one per region (one cache lookup per region). */
  <T> List<Batch<T>> group(List<T> sortedItems, Function<T, byte[]> keyOf, Deadline deadline) {
    List<Batch<T>> batches = new ArrayList<>();
    int i = 0;
    while (i < sortedItems.size()) {
      Route route = route(keyOf.apply(sortedItems.get(i)), deadline);
      int j = i + 1;
      while (j < sortedItems.size() && Keys.before(keyOf.apply(sortedItems.get(j)), route.end())) {
        j++;
      }
      batches.add(new Batch<>(route, new ArrayList<>(sortedItems.subList(i, j))));
      i = j;
    }
    return batches;
  }

  private BackOffer backOffer(Deadline deadline) {
    return ConcreteBackOffer.newCustomBackOff(
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, deadline.rpcTimeoutMillis(requestTimeoutMillis))),
        session.getPDClient().getClusterId());
  }

  // ---------------------------------------------------------------------------------------------
  // Calls

  <Req, Resp> Resp call(Route route, MethodDescriptor<Req, Resp> method, Req request, Deadline deadline) {
    return ClientCalls.blockingUnaryCall(route.channel, method, options(deadline), request);
  }

  <Req, Resp> ListenableFuture<Resp> callAsync(
      Route route, MethodDescriptor<Req, Resp> method, Req request, Deadline deadline) {
    return ClientCalls.futureUnaryCall(route.channel.newCall(method, options(deadline)), request);
  }

  /** The answer to one request of {@link #callEach}: a response, or the call's failure. */
  static final class Reply<Resp> {
    final Resp response;
    final StatusRuntimeException failure;

    private Reply(Resp response, StatusRuntimeException failure) {
      this.response = response;
      this.failure = failure;
    }
  }

  /**
   * Sends one request per batch, to all regions at once, and returns the replies in batch order.
   * The last request is made on this thread (a blocking call answers on the caller's thread,
   * saving the hop through gRPC's executor that an async call costs); the others go out first,
   * asynchronously. So a single-region operation is one plain blocking call.
   */
  <T, Req, Resp> List<Reply<Resp>> callEach(
      List<Batch<T>> batches, MethodDescriptor<Req, Resp> method, Function<Batch<T>, Req> request, Deadline deadline) {
    return callEach(batches, method, request, java.util.Collections.nCopies(batches.size(), deadline));
  }

  /** {@link #callEach} with a deadline per batch (each request of a large prewrite has its own). */
  <T, Req, Resp> List<Reply<Resp>> callEach(
      List<Batch<T>> batches,
      MethodDescriptor<Req, Resp> method,
      Function<Batch<T>, Req> request,
      List<Deadline> deadlines) {
    int n = batches.size();
    List<ListenableFuture<Resp>> async = new ArrayList<>(Math.max(0, n - 1));
    for (int i = 0; i < n - 1; i++) {
      Batch<T> batch = batches.get(i);
      async.add(callAsync(batch.route, method, request.apply(batch), deadlines.get(i)));
    }
    Batch<T> lastBatch = batches.get(n - 1);
    Reply<Resp> last;
    try {
      last = new Reply<>(call(lastBatch.route, method, request.apply(lastBatch), deadlines.get(n - 1)), null);
    } catch (StatusRuntimeException e) {
      last = new Reply<>(null, e);
    }
    List<Reply<Resp>> replies = new ArrayList<>(n);
    for (int i = 0; i < n - 1; i++) {
      try {
        replies.add(new Reply<>(await(async.get(i), deadlines.get(i)), null));
      } catch (StatusRuntimeException e) {
        replies.add(new Reply<>(null, e));
      }
    }
    replies.add(last);
    return replies;
  }

  /** The response of an async call, or the {@link StatusRuntimeException} it failed with. */
  <Resp> Resp await(ListenableFuture<Resp> future, Deadline deadline) {
    try {
      // The call carries its own deadline; the extra second only guards against a lost callback.
      return future.get(deadline.rpcTimeoutMillis(requestTimeoutMillis) + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StatusRuntimeException) {
        throw (StatusRuntimeException) cause;
      }
      throw Status.UNKNOWN.withCause(cause).withDescription(String.valueOf(cause)).asRuntimeException();
    } catch (TimeoutException e) {
      future.cancel(true);
      throw Status.DEADLINE_EXCEEDED.withDescription("no answer").withCause(e).asRuntimeException();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ErgoKvException("interrupted while waiting for TiKV", e);
    }
  }

  private CallOptions options(Deadline deadline) {
    return CallOptions.DEFAULT.withDeadlineAfter(deadline.rpcTimeoutMillis(requestTimeoutMillis), TimeUnit.MILLISECONDS);
  }

  // ---------------------------------------------------------------------------------------------
  // Failures

  /**
   * Updates the region cache for a region error and waits if the error asks for it, so that the
   * caller can re-route (and re-group its keys) and retry.
   *
   * @throws ClusterUnavailableException if the deadline has passed
   */
  void onRegionError(Route route, Errorpb.Error error, Deadline deadline, String what) {
    LOG.debug("{} on {}: region error {}", what, route, error.getMessage());
    boolean wait;
    if (error.hasNotLeader()) {
      long leaderStore = error.getNotLeader().getLeader().getStoreId();
      TiRegion updated = leaderStore == 0 ? null : regions.updateLeader(route.region, leaderStore);
      if (updated == null) {
        regions.invalidateRegion(route.region);
      }
      // A known new leader is tried at once; a leaderless region needs a moment to elect one.
      wait = leaderStore == 0;
    } else if (error.hasEpochNotMatch()) {
      onEpochNotMatch(route, error.getEpochNotMatch().getCurrentRegionsList(), deadline);
      wait = false;
    } else if (error.hasStoreNotMatch()) {
      regions.invalidateRegion(route.region);
      regions.invalidateStore(error.getStoreNotMatch().getRequestStoreId());
      wait = false;
    } else if (error.hasRegionNotFound() || error.hasKeyNotInRegion()) {
      regions.invalidateRegion(route.region);
      wait = false;
    } else if (error.hasServerIsBusy()
        || error.hasStaleCommand()
        || error.hasMaxTimestampNotSynced()
        || error.hasReadIndexNotReady()
        || error.hasDataIsNotReady()) {
      // Transient on a region that is still right: wait, then ask the same store again.
      wait = true;
    } else {
      // Merging, not initialized, disk full, unknown: the region may be changing; look it up
      // again after a pause.
      regions.invalidateRegion(route.region);
      wait = true;
    }
    String failure =
        what + " to TiKV at " + route.address + " (region " + route.region.getId() + ") was answered with region error "
            + regionErrorName(error);
    deadline.noteFailure(failure);
    if (deadline.expired() || (wait && !deadline.backoff())) {
      throw new ClusterUnavailableException(
          List.of(route.address),
          deadline.elapsed(),
          failure + " until the budget ran out after " + deadline.elapsed().toMillis() + " ms",
          null);
    }
  }

  private void onEpochNotMatch(Route route, List<Metapb.Region> current, Deadline deadline) {
    regions.onRegionStale(route.region);
    for (Metapb.Region meta : current) {
      try {
        Metapb.Region decoded = regions.getPDClient().getCodec().decodeRegion(meta);
        regions.insertRegionToCache(regions.createRegion(decoded, backOffer(deadline)));
      } catch (RuntimeException e) {
        // The cache misses it then, and the next lookup asks PD.
        LOG.debug("cannot cache region {} from EpochNotMatch: {}", meta.getId(), e.toString());
      }
    }
  }

  /**
   * A call that failed without a response (connection refused, deadline): the store may be down
   * or the leader may have moved, so the region is looked up again after a backoff.
   *
   * @throws ClusterUnavailableException if the deadline has passed
   */
  void onSendFailure(Route route, StatusRuntimeException e, Deadline deadline, String what) {
    LOG.debug("{} on {} failed: {}", what, route, e.getStatus());
    String failure = describe(route, what, e);
    deadline.noteFailure(failure);
    regions.onRequestFail(route.region);
    if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
      resetConnectBackoff();
    }
    if (!deadline.backoff()) {
      throw new ClusterUnavailableException(
          List.of(route.address),
          deadline.elapsed(),
          failure + "; gave up after " + deadline.elapsed().toMillis() + " ms",
          e);
    }
  }

  /** What a failed call means, in words: slow (no answer in time), unreachable, or refused. */
  private String describe(Route route, String what, StatusRuntimeException e) {
    String where = what + " to TiKV at " + route.address + " (region " + route.region.getId() + ")";
    Status status = e.getStatus();
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return where + " got no answer within the request timeout of " + requestTimeoutMillis
          + " ms (the store is slow or overloaded; a larger requestTimeout may help)";
    }
    if (!mayHaveArrived(e)) {
      return where + " could not connect (" + status.getCode() + ": " + rootMessage(e)
          + "; is the store down?)";
    }
    return where + " failed with " + status.getCode()
        + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  /**
   * Whether a failed call may have reached TiKV (and been applied): false only when the
   * connection itself was refused, so that the request never left this process.
   */
  static boolean mayHaveArrived(StatusRuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return false;
      }
    }
    return true;
  }

  private static String regionErrorName(Errorpb.Error error) {
    String kind =
        error.hasNotLeader() ? "NotLeader"
            : error.hasEpochNotMatch() ? "EpochNotMatch"
            : error.hasServerIsBusy() ? "ServerIsBusy"
            : error.hasRegionNotFound() ? "RegionNotFound"
            : error.hasKeyNotInRegion() ? "KeyNotInRegion"
            : error.hasStoreNotMatch() ? "StoreNotMatch"
            : error.hasStaleCommand() ? "StaleCommand"
            : error.hasRaftEntryTooLarge() ? "RaftEntryTooLarge"
            : "";
    String message = error.getMessage();
    if (kind.isEmpty()) {
      return message.isEmpty() ? error.toString().replace('\n', ' ').trim() : message;
    }
    return message.isEmpty() ? kind : kind + " (" + message + ")";
  }

  // ---------------------------------------------------------------------------------------------
  // Reconnecting

  /** At most one reset per this interval: calls failing together do not each start a connect. */
  private static final long RESET_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final java.util.concurrent.atomic.AtomicLong lastReset =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - RESET_INTERVAL_NANOS);

  /**
   * Makes the cached channels (TiKV stores and PD, from the client's channel pool) reconnect on
   * their next call instead of when gRPC's reconnect backoff ends. That backoff grows to minutes
   * during an outage, and a channel in it fails every call at once, so a client that lived through
   * the outage stayed down long after a fresh one could work. Our callers back off between
   * attempts themselves, so a reset per failed attempt (rate-limited) bounds the connects.
   */
  void resetConnectBackoff() {
    resetChannels(false);
  }

  /**
   * Before a call: channels in TRANSIENT_FAILURE (their last connect failed) reconnect now, not
   * when their backoff ends. Costs a state read per cached channel when all is well.
   */
  void reconnectFailedChannels() {
    for (ManagedChannel channel : channels.connPool.values()) {
      if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
        resetChannels(true);
        return;
      }
    }
  }

  private void resetChannels(boolean failedOnly) {
    long now = System.nanoTime();
    long last = lastReset.get();
    if (now - last < RESET_INTERVAL_NANOS || !lastReset.compareAndSet(last, now)) {
      return;
    }
    for (ManagedChannel channel : channels.connPool.values()) {
      try {
        if (failedOnly && channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
          continue;
        }
        channel.resetConnectBackoff();
      } catch (RuntimeException e) {
        LOG.debug("cannot reset the connect backoff of a channel: {}", e.toString());
      }
    }
  }
}
