package dev.ergokv;

import org.junit.jupiter.api.extension.RegisterExtension;

class RepairClusterTest extends RepairScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.cluster();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
