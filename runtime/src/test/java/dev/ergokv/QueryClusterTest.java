package dev.ergokv;

import org.junit.jupiter.api.extension.RegisterExtension;

class QueryClusterTest extends QueryScenarios {

  @RegisterExtension static final Backend BACKEND = Backend.cluster();

  @Override
  Backend backend() {
    return BACKEND;
  }
}
