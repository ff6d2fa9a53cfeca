package dev.ergokv.internal.txn.tikv;

import dev.ergokv.ClusterUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tikv.kvproto.PDGrpc;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.io.grpc.ManagedChannel;
import org.tikv.shade.io.grpc.StatusRuntimeException;
import org.tikv.shade.io.grpc.netty.NettyChannelBuilder;

/**
 * Checks that PD answers before a TiSession is created: the client, given a dead PD, hangs for
 * seconds and then fails with a NullPointerException. A GetMembers call over a plain channel,
 * with a deadline, retried across the endpoints until the connect timeout.
 */
final class PdProbe {

  private static final long ATTEMPT_MILLIS = 2_000;
  private static final long PAUSE_MILLIS = 200;

  private PdProbe() {}

  /**
   * Refuses, at once, an endpoint that is not {@code host:port} (optionally behind {@code
   * http://}): waiting out the connect timeout cannot make it one.
   *
   * @throws IllegalArgumentException naming the first malformed endpoint
   */
  static void requireAddresses(List<String> endpoints) {
    for (String endpoint : endpoints) {
      String problem = malformed(endpoint);
      if (problem != null) {
        throw new IllegalArgumentException(
            "PD address '" + endpoint + "' is not host:port (" + problem + "); expected e.g. 127.0.0.1:2379");
      }
    }
  }

  /** What is wrong with {@code endpoint} as {@code host:port}, or null if nothing. */
  private static String malformed(String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint.contains("://") ? endpoint : "http://" + endpoint);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (uri.getHost() == null) {
      return "no host";
    }
    if (uri.getPort() < 1 || uri.getPort() > 65_535) {
      return uri.getPort() < 0 ? "no port" : "port " + uri.getPort() + " out of range";
    }
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
      return "unexpected path " + uri.getPath();
    }
    return null;
  }

  /**
   * Returns once some endpoint answers GetMembers with a leader.
   *
   * @throws ClusterUnavailableException naming every endpoint, if none did within {@code timeout}
   */
  static void awaitLeader(List<String> endpoints, Duration timeout) {
    long start = System.nanoTime();
    long end = start + timeout.toNanos();
    String last = "no attempt";
    while (true) {
      for (String endpoint : endpoints) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          break;
        }
        String answer = ask(endpoint, Math.min(millisUp(left), ATTEMPT_MILLIS));
        if (answer == null) {
          return;
        }
        last = endpoint + ": " + answer;
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        throw new ClusterUnavailableException(
            endpoints,
            waited,
            "PD is unreachable at " + String.join(", ", endpoints) + ": no leader answered within "
                + waited.toMillis() + " ms (last: " + last + "). Check the address and that the cluster runs.",
            null);
      }
      try {
        Thread.sleep(Math.min(millisUp(left), PAUSE_MILLIS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterUnavailableException(
            endpoints, Duration.ofNanos(System.nanoTime() - start), "interrupted while waiting for PD", e);
      }
    }
  }

  private static long millisUp(long nanos) {
    return (nanos + 999_999) / 1_000_000;
  }

  /** Null if the endpoint has a PD leader, else what went wrong. */
  private static String ask(String endpoint, long timeoutMillis) {
    URI uri;
    try {
      uri = URI.create(endpoint.contains("://") ? endpoint : "http://" + endpoint);
    } catch (IllegalArgumentException e) {
      return "not a host:port address (" + e.getMessage() + ")";
    }
    if (uri.getHost() == null || uri.getPort() < 0) {
      return "not a host:port address";
    }
    ManagedChannel channel = NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext().build();
    try {
      Pdpb.GetMembersResponse members =
          PDGrpc.newBlockingStub(channel)
              .withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
              .getMembers(Pdpb.GetMembersRequest.getDefaultInstance());
      if (members.getLeader().getMemberId() == 0 || members.getLeader().getClientUrlsCount() == 0) {
        return "PD answered but has no leader yet";
      }
      return null;
    } catch (StatusRuntimeException e) {
      String description = e.getStatus().getDescription();
      return e.getStatus().getCode() + (description == null ? "" : " " + description);
    } finally {
      channel.shutdownNow();
      try {
        channel.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
