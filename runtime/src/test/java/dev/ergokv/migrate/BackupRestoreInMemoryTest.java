package dev.ergokv.migrate;

import dev.ergokv.Backend;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackupRestoreInMemoryTest extends BackupRestoreScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.inMemory();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
