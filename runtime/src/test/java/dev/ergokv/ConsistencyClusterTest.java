package dev.ergokv;

import org.junit.jupiter.api.extension.RegisterExtension;

class ConsistencyClusterTest extends ConsistencyScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.cluster();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
