package dev.ergokv.localcluster.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergokv.localcluster.internal.process.FreePorts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tikv.kvproto.Metapb;

@Timeout(30)
class PdGrpcStoresTest {

  private static final Deadline LONG = Deadline.after(Duration.ofSeconds(20));

  @Test
  void asksMembersThenStoresWithTheClusterId() throws Exception {
    try (FakePdGrpcServer pd =
            FakePdGrpcServer.start()
                .store(1, "127.0.0.1:20160", Metapb.StoreState.Up)
                .store(2, "127.0.0.1:20161", Metapb.StoreState.Offline);
        PdGrpcStores source = new PdGrpcStores(List.of(pd.endpoint()))) {

      assertThat(source.fetch(LONG))
          .containsExactly(
              new StoreState(1, "127.0.0.1:20160", "Up"),
              new StoreState(2, "127.0.0.1:20161", "Offline"));
    }
  }

  @Test
  void aPdWithoutLeaderIsNotReadyAndSaysSo() throws Exception {
    try (FakePdGrpcServer pd = FakePdGrpcServer.start().leader(0);
        PdGrpcStores source = new PdGrpcStores(List.of(pd.endpoint()))) {

      assertThatThrownBy(() -> source.fetch(LONG))
          .hasMessageContaining("PD " + pd.endpoint())
          .hasMessageContaining("no leader yet");
      assertThat(pd.getAllStoresCalls()).isZero();
    }
  }

  @Test
  void triesTheNextEndpointWhenOneIsDown() throws Exception {
    String dead = "127.0.0.1:" + FreePorts.one();
    try (FakePdGrpcServer pd = FakePdGrpcServer.start().store(3, "h:1", Metapb.StoreState.Up);
        PdGrpcStores source = new PdGrpcStores(List.of(dead, "http://" + pd.endpoint()))) {

      assertThat(source.fetch(LONG)).containsExactly(new StoreState(3, "h:1", "Up"));
    }
  }

  @Test
  void allEndpointsDownNamesEach() throws Exception {
    String first = "127.0.0.1:" + FreePorts.one();
    String second = "127.0.0.1:" + FreePorts.one();
    try (PdGrpcStores source = new PdGrpcStores(List.of(first, second))) {

      assertThatThrownBy(() -> source.fetch(Deadline.after(Duration.ofSeconds(5))))
          .hasMessageContaining("PD " + first)
          .satisfies(
              e ->
                  assertThat(e.getSuppressed())
                      .singleElement()
                      .satisfies(s -> assertThat(s).hasMessageContaining("PD " + second)));
    }
  }
}
