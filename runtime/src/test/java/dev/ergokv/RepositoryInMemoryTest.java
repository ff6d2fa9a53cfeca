package dev.ergokv;

import org.junit.jupiter.api.extension.RegisterExtension;

class RepositoryInMemoryTest extends RepositoryScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.inMemory();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
