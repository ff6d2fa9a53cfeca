package dev.ergokv.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Fails an {@link EndToEnd} class whose entities are not as the run's mode says. */
final class EnhancementModeCheck implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    EndToEnd scenario =
        AnnotationSupport.findAnnotation(testClass, EndToEnd.class)
            .orElseThrow(() -> new IllegalStateException(testClass + " is not an @EndToEnd class"));
    EnhancementMode mode = EnhancementMode.current();
    for (Class<?> entity : scenario.entities()) {
      mode.assertApplied(entity);
    }
    context.publishReportEntry("ergokv.it.mode", mode.id());
  }
}
