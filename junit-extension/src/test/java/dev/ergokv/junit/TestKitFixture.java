package dev.ergokv.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that the tests of the extension run through EngineTestKit; disabled anywhere else
 * (an IDE running the whole package, say), so it never starts clusters on its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestKitFixture.OnlyInTestKit.class)
@interface TestKitFixture {

  /** Configuration parameter that {@link TestKit} sets. */
  String PARAMETER = "ergokv.junit.test.fixtures";

  /** Enables fixtures only when {@link #PARAMETER} is set. */
  final class OnlyInTestKit implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(PARAMETER).isPresent()
          ? ConditionEvaluationResult.enabled("run by EngineTestKit")
          : ConditionEvaluationResult.disabled("a fixture of the extension's own tests");
    }
  }
}
