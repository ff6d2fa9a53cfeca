package dev.ergokv.localcluster.internal.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Free TCP ports on the loopback interface for servers that we start as separate processes and
 * that must be told their port up front.
 *
 * <p>The kernel picks each port (bind to port 0); all sockets of one request are held open
 * together so a request never gets the same port twice. A port is free only at the moment it is
 * returned: another process may take it before our server binds it. Ports handed out recently in
 * this JVM are not handed out again, so parallel starts in one test run cannot collide.
 */
public final class FreePorts {

  private static final int REMEMBERED = 4096;
  private static final int MAX_ATTEMPTS = 64;
  private static final Set<Integer> handedOut = new LinkedHashSet<>();

  private FreePorts() {}

  /** One free loopback port. */
  public static int one() {
    return allocate(1).get(0);
  }

  /** {@code count} distinct free loopback ports. */
  public static List<Integer> allocate(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("port count must be positive: " + count);
    }
    List<ServerSocket> held = new ArrayList<>();
    List<Integer> ports = new ArrayList<>(count);
    try {
      int attempts = 0;
      while (ports.size() < count) {
        if (++attempts > count * MAX_ATTEMPTS) {
          throw new IllegalStateException(
              "found only " + ports.size() + " of " + count + " free loopback ports");
        }
        ServerSocket socket = new ServerSocket();
        held.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = socket.getLocalPort();
        if (remember(port)) {
          ports.add(port);
        }
      }
      return List.copyOf(ports);
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind a loopback port", e);
    } finally {
      closeAll(held);
    }
  }

  private static synchronized boolean remember(int port) {
    if (!handedOut.add(port)) {
      return false;
    }
    if (handedOut.size() > REMEMBERED) {
      Iterator<Integer> oldest = handedOut.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  private static void closeAll(List<ServerSocket> sockets) {
    UncheckedIOException failure = null;
    for (ServerSocket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = new UncheckedIOException("could not release a probed loopback port", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
