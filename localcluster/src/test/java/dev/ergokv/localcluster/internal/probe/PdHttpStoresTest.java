package dev.ergokv.localcluster.internal.probe;

import static dev.ergokv.localcluster.internal.probe.FakePdHttpServer.stores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.internal.process.FreePorts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PdHttpStoresTest {

  private static final Deadline LONG = Deadline.after(Duration.ofSeconds(20));

  @Test
  void readsTheStoresPdReports() throws Exception {
    try (FakePdHttpServer pd =
        FakePdHttpServer.start(
            stores(
                new StoreState(1, "127.0.0.1:20160", "Up"),
                new StoreState(4, "127.0.0.1:20161", "Offline")))) {

      assertThat(new PdHttpStores(pd.endpoint()).fetch(LONG))
          .containsExactly(
              new StoreState(1, "127.0.0.1:20160", "Up"),
              new StoreState(4, "127.0.0.1:20161", "Offline"));
    }
  }

  @Test
  void noStoreYetIsAnEmptyList() throws Exception {
    try (FakePdHttpServer pd = FakePdHttpServer.start(stores())) {
      assertThat(new PdHttpStores(pd.endpoint()).fetch(LONG)).isEmpty();
    }
  }

  @Test
  void anErrorStatusIsReportedWithItsBody() throws Exception {
    try (FakePdHttpServer pd =
        FakePdHttpServer.start(FakePdHttpServer.error(503, "{\"error\": \"not bootstrapped\"}"))) {
      PdHttpStores source = new PdHttpStores(pd.endpoint());

      assertThatThrownBy(() -> source.fetch(LONG))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 503")
          .hasMessageContaining(pd.endpoint() + "/pd/api/v1/stores")
          .hasMessageContaining("not bootstrapped");
    }
  }

  @Test
  void aClosedPortIsAConnectionFailure() {
    PdHttpStores source = new PdHttpStores("127.0.0.1:" + FreePorts.one());

    assertThatThrownBy(() -> source.fetch(LONG))
        .isInstanceOf(ConnectException.class)
        .hasMessage("cannot connect to " + source.describe());
    assertThat(source.describe()).startsWith("http://127.0.0.1:").endsWith("/pd/api/v1/stores");
  }

  @Test
  void parsesRealPdAnswersAndRejectsOthers() {
    // Shape of PD v7's answer, trimmed.
    String real =
        "{\n  \"count\": 1,\n  \"stores\": [\n    {\n      \"store\": {\n        \"id\": 1,\n"
            + "        \"address\": \"127.0.0.1:20160\",\n        \"version\": \"7.1.0\",\n"
            + "        \"peer_address\": \"127.0.0.1:20160\",\n        \"status_address\":"
            + " \"127.0.0.1:20180\",\n        \"start_timestamp\": 1700000000,\n"
            + "        \"last_heartbeat\": 1700000010000000000,\n        \"state_name\": \"Up\"\n"
            + "      },\n      \"status\": {\n        \"capacity\": \"100GiB\",\n"
            + "        \"available\": \"50GiB\",\n        \"leader_count\": 1,\n"
            + "        \"leader_weight\": 1,\n        \"region_count\": 1\n      }\n    }\n  ]\n}";

    assertThat(PdHttpStores.parse(real)).containsExactly(new StoreState(1, "127.0.0.1:20160", "Up"));
    assertThatThrownBy(() -> PdHttpStores.parse("<html>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> PdHttpStores.parse("[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no JSON object");
    assertThatThrownBy(() -> PdHttpStores.parse("{\"stores\": [{\"status\": {}}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no \"store\" object");
  }

  @Test
  @Timeout(10)
  void aConnectionThatDoesNotCompleteInTimeIsReportedAsUnreachable() throws Exception {
    // A listener that never accepts, with its one-slot backlog filled: the kernel drops further
    // connection attempts, so the next connect can only time out (as a half-dead PD would).
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket first = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket second = new Socket()) {
      second.connect(listener.getLocalSocketAddress(), 200);
      String endpoint = "127.0.0.1:" + listener.getLocalPort();

      assertThatThrownBy(() -> new PdHttpStores(endpoint).fetch(Deadline.after(Duration.ofMillis(300))))
          .isInstanceOf(ConnectException.class)
          .hasMessageContaining("cannot connect to http://" + endpoint + "/pd/api/v1/stores within");
    } catch (SocketTimeoutException e) {
      // The backlog already dropped our second filler: the kernel behaves as the test needs, but
      // the setup itself failed, which must not pass silently.
      throw new AssertionError("could not fill the listener's backlog", e);
    }
  }
}
