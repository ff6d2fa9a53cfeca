package dev.ergokv.migrate;

import dev.ergokv.Backend;
import org.junit.jupiter.api.extension.RegisterExtension;

class EagerMigrationClusterTest extends EagerMigrationScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.cluster();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
