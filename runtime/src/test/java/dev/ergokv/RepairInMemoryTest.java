package dev.ergokv;

import org.junit.jupiter.api.extension.RegisterExtension;

class RepairInMemoryTest extends RepairScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.inMemory();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
