package dev.ergokv.localcluster.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void allocatesDistinctPortsThatCanBeBoundOnLoopback() throws IOException {
    List<Integer> ports = FreePorts.allocate(6);

    assertThat(ports).hasSize(6).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(1, 65535));
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void neverHandsOutTheSamePortTwiceInOneRun() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = FreePorts.one();
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
  }

  @Test
  void rejectsANonPositiveCount() {
    assertThatThrownBy(() -> FreePorts.allocate(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }
}
