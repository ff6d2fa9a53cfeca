package dev.ergokv.localcluster.internal.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A stand-in for PD's HTTP API on loopback: {@code /pd/api/v1/stores} answers with the scripted
 * replies in turn, repeating the last one.
 */
public final class FakePdHttpServer implements AutoCloseable {

  /** One scripted answer. */
  public record Reply(int status, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final List<Reply> replies = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();

  private FakePdHttpServer(int port, List<Reply> replies) throws IOException {
    this.replies.addAll(replies);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(PdHttpStores.STORES_PATH, this::answer);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts on an ephemeral loopback port. */
  public static FakePdHttpServer start(Reply... replies) throws IOException {
    return new FakePdHttpServer(0, List.of(replies));
  }

  public static Reply stores(StoreState... stores) {
    if (stores.length == 0) {
      return new Reply(200, "{\"count\": 0}");
    }
    String entries =
        List.of(stores).stream()
            .map(
                s ->
                    "{\"store\": {\"id\": "
                        + s.id()
                        + ", \"address\": \""
                        + s.address()
                        + "\", \"version\": \"7.1.0\", \"state_name\": \""
                        + s.state()
                        + "\"}, \"status\": {\"capacity\": \"10GiB\", \"region_count\": 1}}")
            .collect(Collectors.joining(", "));
    return new Reply(200, "{\"count\": " + stores.length + ", \"stores\": [" + entries + "]}");
  }

  public static Reply error(int status, String body) {
    return new Reply(status, body);
  }

  /** {@code 127.0.0.1:port}. */
  public String endpoint() {
    return "127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public int requests() {
    return requests.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    int n = requests.getAndIncrement();
    Reply reply;
    synchronized (replies) {
      reply = replies.get(Math.min(n, replies.size() - 1));
    }
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
