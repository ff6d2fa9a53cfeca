package dev.ergokv.migrate;

import dev.ergokv.Backend;
import org.junit.jupiter.api.extension.RegisterExtension;

class LazyMigrationInMemoryTest extends LazyMigrationScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.inMemory();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
