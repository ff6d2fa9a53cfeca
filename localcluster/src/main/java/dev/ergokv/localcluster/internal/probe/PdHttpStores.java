package dev.ergokv.localcluster.internal.probe;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads PD's HTTP API {@code /pd/api/v1/stores} (served on PD's client port, beside gRPC). The
 * answer is {@code {"count": n, "stores": [{"store": {"id", "address", "state_name", ...},
 * "status": {...}}]}}; {@code stores} is absent while no store has registered.
 */
public final class PdHttpStores implements StoresSource {

  /** The API path, relative to PD's client URL. */
  public static final String STORES_PATH = "/pd/api/v1/stores";

  private static final Duration CALL_LIMIT = Duration.ofSeconds(2);

  private final URI uri;
  private final HttpClient http;

  /** @param pdEndpoint PD's client address as {@code host:port} */
  public PdHttpStores(String pdEndpoint) {
    this.uri = URI.create("http://" + pdEndpoint + STORES_PATH);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public List<StoreState> fetch(Deadline deadline) throws IOException, InterruptedException {
    Duration limit = deadline.cap(CALL_LIMIT);
    if (limit.isZero()) {
      limit = Duration.ofMillis(1);
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(limit).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      // The JDK's own message is empty here; say what could not be reached.
      throw cannotConnect("", e);
    } catch (HttpConnectTimeoutException e) {
      // Near the deadline the request's own timeout is short enough to expire while connecting:
      // for the user that is the same finding as a refused connection.
      throw cannotConnect(" within " + Deadline.describe(limit), e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "HTTP " + response.statusCode() + " from " + uri + ": " + abbreviate(response.body()));
    }
    return parse(response.body());
  }

  private ConnectException cannotConnect(String detail, IOException cause) {
    ConnectException described = new ConnectException("cannot connect to " + uri + detail);
    described.initCause(cause);
    return described;
  }

  @Override
  public String describe() {
    return uri.toString();
  }

  /** The stores in a {@code /pd/api/v1/stores} answer. */
  static List<StoreState> parse(String body) {
    Object root;
    try {
      root = MiniJson.parse(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PD answered with malformed JSON: " + abbreviate(body), e);
    }
    if (!(root instanceof Map)) {
      throw new IllegalArgumentException("PD answered with no JSON object: " + abbreviate(body));
    }
    Object stores = ((Map<?, ?>) root).get("stores");
    List<StoreState> result = new ArrayList<>();
    if (stores == null) {
      return result;
    }
    if (!(stores instanceof List)) {
      throw new IllegalArgumentException("\"stores\" is not an array: " + abbreviate(body));
    }
    for (Object entry : (List<?>) stores) {
      Object store = entry instanceof Map ? ((Map<?, ?>) entry).get("store") : null;
      if (!(store instanceof Map)) {
        throw new IllegalArgumentException("a stores entry has no \"store\" object: " + entry);
      }
      Map<?, ?> meta = (Map<?, ?>) store;
      Object id = meta.get("id");
      Object address = meta.get("address");
      Object state = meta.get("state_name");
      result.add(
          new StoreState(
              id instanceof BigDecimal ? ((BigDecimal) id).longValue() : 0L,
              address == null ? "?" : address.toString(),
              state == null ? "unknown" : state.toString()));
    }
    return result;
  }

  private static String abbreviate(String body) {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }
}
