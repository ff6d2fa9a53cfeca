package dev.ergokv.localcluster.internal.embedded;

import dev.ergokv.localcluster.embedded.EmbeddedCluster;
import dev.ergokv.localcluster.embedded.Fault;
import dev.ergokv.localcluster.embedded.RegionInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.shade.io.grpc.Server;
import org.tikv.shade.io.grpc.netty.NettyServerBuilder;
import org.tikv.shade.io.netty.channel.nio.NioEventLoopGroup;
import org.tikv.shade.io.netty.channel.socket.nio.NioServerSocketChannel;
import org.tikv.shade.io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The embedded PD + TiKV server: one gRPC server on a loopback port serving PD, the TiKV store
 * and the health service, over in-memory state. Owns its threads (Netty event loops and one
 * scheduler, all daemon and all stopped by {@link #close()}); handlers run on the event loops,
 * since every handler is short and non-blocking.
 */
final class EmbeddedServer implements EmbeddedCluster, RpcDispatcher.Control, AutoCloseable {

  static final String THREAD_PREFIX = "ergokv-embedded";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
  private static final String LOOPBACK = "127.0.0.1";
  private static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
  private static final long STOP_TIMEOUT_SECONDS = 10;

  private final NioEventLoopGroup boss;
  private final NioEventLoopGroup workers;
  private final ScheduledExecutorService scheduler;
  private final HybridClock clock = new HybridClock();
  private final RegionTable regions = new RegionTable();
  private final MvccStore mvcc = new MvccStore();
  private final RawStore raw = new RawStore(clock);
  private final FaultPlan faults = new FaultPlan();
  private final AtomicBoolean crashAfterPrewrite = new AtomicBoolean();
  private final PdService pd;
  private final TikvService tikv;
  private final HealthService health = new HealthService();

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final ReentrantLock lifecycle = new ReentrantLock();
  private volatile int port;
  private volatile boolean down;
  private Server server;
  private boolean closed;
  // Set by gRPC threads without the lifecycle lock: close() may hold it while waiting for them.
  private volatile CompletableFuture<Void> stopping = CompletableFuture.completedFuture(null);

  private EmbeddedServer() {
    boss = new NioEventLoopGroup(1, tracked(new DefaultThreadFactory(THREAD_PREFIX + "-boss", true)));
    workers =
        new NioEventLoopGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            tracked(new DefaultThreadFactory(THREAD_PREFIX + "-worker", true)));
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            tracked(
                r -> {
                  Thread t = new Thread(r, THREAD_PREFIX + "-scheduler");
                  t.setDaemon(true);
                  return t;
                }));
    long clusterId = (System.currentTimeMillis() << 16) | ThreadLocalRandom.current().nextInt(1, 1 << 16);
    RegionGuard guard = new RegionGuard(regions);
    RpcDispatcher rpc = new RpcDispatcher(faults, scheduler, regions, guard, this);
    pd = new PdService(rpc, regions, clock, clusterId, this::pdEndpoint);
    tikv = new TikvService(rpc, regions, guard, mvcc, raw, crashAfterPrewrite);
    syncMaxTs();
  }

  /** As a TiKV leader does when it starts serving a region: max_ts from a fresh PD timestamp. */
  private void syncMaxTs() {
    mvcc.observeTs(clock.next(1));
  }

  /** Remembers every thread it makes, so that close can wait until each one has really ended. */
  private ThreadFactory tracked(ThreadFactory factory) {
    return r -> {
      Thread t = factory.newThread(r);
      threads.add(t);
      return t;
    };
  }

  /**
   * Starts a server on an ephemeral loopback port with regions split at these user keys.
   *
   * @throws IOException if no port can be bound
   */
  static EmbeddedServer start(List<byte[]> splitUserKeys) throws IOException {
    EmbeddedServer s = new EmbeddedServer();
    try {
      s.split(splitUserKeys.toArray(new byte[0][]));
      s.lifecycle.lock();
      try {
        s.bind(0);
      } finally {
        s.lifecycle.unlock();
      }
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void bind(int requestedPort) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(LOOPBACK), requestedPort);
    server =
        NettyServerBuilder.forAddress(address)
            .channelType(NioServerSocketChannel.class)
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .directExecutor()
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            // The client pings every 10 s even when idle; PD and TiKV tolerate that, so do we.
            .permitKeepAliveTime(1, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .addService(pd)
            .addService(tikv)
            .addService(health)
            .build()
            .start();
    port = server.getPort();
    down = false;
  }

  // ---------------------------------------------------------------------------------------------
  // EmbeddedCluster

  @Override
  public String pdEndpoint() {
    return LOOPBACK + ":" + port;
  }

  @Override
  public List<RegionInfo> regions() {
    List<RegionInfo> out = new ArrayList<>();
    for (RegionMeta r : regions.all()) {
      out.add(r.info());
    }
    return out;
  }

  @Override
  public void split(byte[]... userKeys) {
    List<byte[]> encoded = new ArrayList<>(userKeys.length);
    for (int i = 0; i < userKeys.length; i++) {
      byte[] key = Objects.requireNonNull(userKeys[i], "split key #" + i);
      if (key.length == 0) {
        throw new IllegalArgumentException(
            "split key #" + i + " is empty; the empty key already starts the first region");
      }
      encoded.add(MemComparable.encode(key));
    }
    regions.split(encoded);
  }

  @Override
  public void failNext(String rpc, int times, Fault fault) {
    faults.arm(Objects.requireNonNull(rpc, "rpc"), times, fault);
  }

  @Override
  public int pendingFaults(String rpc) {
    return faults.pending(rpc);
  }

  @Override
  public void clearFaults() {
    faults.clear();
  }

  @Override
  public void crashAfterNextPrewrite() {
    crashAfterPrewrite.set(true);
  }

  @Override
  public boolean isServing() {
    return !down;
  }

  @Override
  public void restart() {
    stopping.join();
    lifecycle.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the embedded cluster at " + pdEndpoint() + " is closed");
      }
      if (server != null) {
        return;
      }
      syncMaxTs();
      bind(port);
      LOG.info("embedded cluster serving again at {}", pdEndpoint());
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind " + pdEndpoint() + " again: " + e.getMessage(), e);
    } finally {
      lifecycle.unlock();
    }
  }

  @Override
  public void advanceClock(Duration duration) {
    clock.advance(Objects.requireNonNull(duration, "duration"));
  }

  @Override
  public long timestamp() {
    return clock.next(1);
  }

  @Override
  public List<byte[]> lockedKeys() {
    return mvcc.lockedKeys();
  }

  // ---------------------------------------------------------------------------------------------
  // RpcDispatcher.Control

  @Override
  public boolean isDown() {
    return down;
  }

  @Override
  public void crashNow() {
    down = true;
    CompletableFuture<Void> done = new CompletableFuture<>();
    stopping = done;
    LOG.info("embedded cluster at {} crashes after a prewrite, as armed", pdEndpoint());
    try {
      // Not on this gRPC thread: stopping the server waits for the transports this thread serves.
      scheduler.execute(
          () -> {
            try {
              stopServer();
            } finally {
              done.complete(null);
            }
          });
    } catch (RejectedExecutionException e) {
      done.complete(null); // closing anyway
    }
  }

  private void stopServer() {
    lifecycle.lock();
    try {
      if (server != null) {
        server.shutdownNow();
        awaitTermination(server);
        server = null;
      }
    } finally {
      lifecycle.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Stops serving and ends every thread this server started. Idempotent. */
  @Override
  public void close() {
    lifecycle.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      down = true;
    } finally {
      lifecycle.unlock();
    }
    stopServer();
    scheduler.shutdownNow();
    boss.shutdownGracefully(0, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    try {
      scheduler.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      boss.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      workers.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      // Terminated executors may still be running their threads' last lines; wait them out.
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
        if (t.isAlive()) {
          LOG.warn("embedded server thread {} did not end within {} s", t.getName(), STOP_TIMEOUT_SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitTermination(Server s) {
    try {
      if (!s.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("embedded gRPC server did not terminate within {} s", STOP_TIMEOUT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedCluster[" + pdEndpoint() + (down ? ", down" : "") + "]";
  }
}
