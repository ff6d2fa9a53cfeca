package dev.ergokv;

import org.junit.jupiter.api.extension.RegisterExtension;

class ConsistencyInMemoryTest extends ConsistencyScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.inMemory();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
