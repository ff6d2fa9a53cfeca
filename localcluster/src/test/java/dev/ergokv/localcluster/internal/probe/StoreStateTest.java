package dev.ergokv.localcluster.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoreStateTest {

  @Test
  void readyOnlyWhenAStoreIsUp() {
    assertThat(StoreState.readiness(List.of()).isReady()).isFalse();
    assertThat(StoreState.readiness(List.of()).state()).isEqualTo("PD reports no TiKV store yet");

    Observation<List<StoreState>> down =
        StoreState.readiness(
            List.of(
                new StoreState(1, "127.0.0.1:20160", "Down"),
                new StoreState(2, "127.0.0.1:20161", "Disconnected")));
    assertThat(down.isReady()).isFalse();
    assertThat(down.state())
        .isEqualTo(
            "no store is Up: store 1 at 127.0.0.1:20160 is Down, store 2 at 127.0.0.1:20161 is"
                + " Disconnected");

    List<StoreState> oneUp =
        List.of(new StoreState(1, "a:1", "Offline"), new StoreState(2, "b:2", "Up"));
    assertThat(StoreState.readiness(oneUp).isReady()).isTrue();
    assertThat(StoreState.readiness(oneUp).value()).isEqualTo(oneUp);
  }

  @Test
  void grpcStateNamesCountToo() {
    assertThat(new StoreState(1, "a:1", "Up").isUp()).isTrue();
    assertThat(new StoreState(1, "a:1", "Tombstone").isUp()).isFalse();
  }
}
