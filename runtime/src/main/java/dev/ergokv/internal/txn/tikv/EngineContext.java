package dev.ergokv.internal.txn.tikv;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every transaction of one engine shares: RPCs, the lock resolver, time budgets, and the
 * engine's two small thread pools (lock heartbeats; commits of secondary keys after the primary
 * committed). Thread-safe.
 */
final class EngineContext {

  private static final Logger LOG = LoggerFactory.getLogger(EngineContext.class);

  static final String THREAD_PREFIX = "ergokv-txn";

  /** Test seam: called between prewrite and the commit of the primary key. */
  interface CommitObserver {
    CommitObserver NONE = (startTs, commitTs) -> {};

    void beforePrimaryCommit(long startTs, long commitTs);
  }

  private final RegionRpc rpc;
  private final LockResolver resolver;
  private final Duration operationBudget;
  private final long lockTtlMillis;
  private final TikvEngine.Tuning tuning;
  private final ScheduledThreadPoolExecutor heartbeats;
  private final ExecutorService background;
  private final Object idle = new Object();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong heartbeatsSent = new AtomicLong();
  private volatile CommitObserver observer = CommitObserver.NONE;
  private volatile boolean closed;

  EngineContext(RegionRpc rpc, Duration requestTimeout, Duration lockTtl, TikvEngine.Tuning tuning) {
    this.rpc = rpc;
    this.resolver = new LockResolver(rpc);
    // Room for a few attempts of every RPC (and region errors, and lock resolution in between).
    this.operationBudget = requestTimeout.multipliedBy(3);
    this.lockTtlMillis = lockTtl.toMillis();
    this.tuning = tuning;
    this.heartbeats = new ScheduledThreadPoolExecutor(1, daemon(THREAD_PREFIX + "-heartbeat"));
    this.heartbeats.setRemoveOnCancelPolicy(true);
    this.background = Executors.newFixedThreadPool(2, daemon(THREAD_PREFIX + "-commit"));
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  RegionRpc rpc() {
    return rpc;
  }

  /** Fails fast once the engine is closed (its session is gone; every call would only time out). */
  void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the TiKV engine is closed");
    }
  }

  void markClosed() {
    closed = true;
  }

  LockResolver resolver() {
    return resolver;
  }

  TikvEngine.Tuning tuning() {
    return tuning;
  }

  long lockTtlMillis() {
    return lockTtlMillis;
  }

  Deadline operationDeadline() {
    return Deadline.after(operationBudget);
  }

  Duration operationBudget() {
    return operationBudget;
  }

  ScheduledExecutorService heartbeats() {
    return heartbeats;
  }

  void heartbeatSent() {
    heartbeatsSent.incrementAndGet();
  }

  long heartbeatsSent() {
    return heartbeatsSent.get();
  }

  CommitObserver observer() {
    return observer;
  }

  void observer(CommitObserver observer) {
    this.observer = observer;
  }

  /**
   * Runs {@code task} in the background, counted until it ends, so that closing the engine can
   * wait for it. Runs it on the caller's thread if the pool no longer accepts work.
   */
  void inBackground(Runnable task) {
    inFlight.incrementAndGet();
    Runnable counted =
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.warn("background commit work failed", e);
          } finally {
            if (inFlight.decrementAndGet() == 0) {
              synchronized (idle) {
                idle.notifyAll();
              }
            }
          }
        };
    try {
      background.execute(counted);
    } catch (RejectedExecutionException e) {
      counted.run();
    }
  }

  /** Waits until background work has ended, at most {@code timeout}; false if it has not. */
  boolean drain(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight.get() > 0) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /** Stops both pools and waits for their threads to end (bounded). */
  void shutdown(Duration timeout) {
    heartbeats.shutdownNow();
    background.shutdown();
    try {
      long millis = timeout.toMillis();
      if (!background.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
        background.shutdownNow();
        background.awaitTermination(millis, TimeUnit.MILLISECONDS);
      }
      heartbeats.awaitTermination(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
