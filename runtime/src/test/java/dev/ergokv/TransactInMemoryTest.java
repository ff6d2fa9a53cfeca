package dev.ergokv;

import org.junit.jupiter.api.extension.RegisterExtension;

class TransactInMemoryTest extends TransactScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.inMemory();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
