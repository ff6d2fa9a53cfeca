package dev.ergokv;

import org.junit.jupiter.api.extension.RegisterExtension;

class EnhancedInMemoryTest extends EnhancedScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.inMemory();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
