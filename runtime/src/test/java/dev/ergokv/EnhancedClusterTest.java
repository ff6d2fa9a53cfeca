package dev.ergokv;

import org.junit.jupiter.api.extension.RegisterExtension;

class EnhancedClusterTest extends EnhancedScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.cluster();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
