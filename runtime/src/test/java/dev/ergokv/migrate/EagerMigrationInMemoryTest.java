package dev.ergokv.migrate;

import dev.ergokv.Backend;
import org.junit.jupiter.api.extension.RegisterExtension;

class EagerMigrationInMemoryTest extends EagerMigrationScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.inMemory();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
