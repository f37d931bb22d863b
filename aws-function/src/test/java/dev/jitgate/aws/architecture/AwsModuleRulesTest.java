package dev.jitgate.aws.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.jitgate.architecture.CloudModuleRules;
import org.junit.jupiter.api.Test;

/** The AWS module keeps the shape of every cloud module. */
class AwsModuleRulesTest {
  private static final CloudModuleRules RULES = new CloudModuleRules("dev.jitgate.aws");
  private static final JavaClasses CLASSES = RULES.importModule();

  @Test
  void adapters_neverReachHandlersOrTheCompositionRoot() {
    RULES.adaptersNeverReachHandlersOrTheRoot(CLASSES);
  }

  @Test
  void handlers_reachOnlyTheRouterAndTheService() {
    RULES.handlersReachOnlyRouterAndService(CLASSES, "com.amazonaws.services.lambda..");
  }

  @Test
  void module_importsNoOtherModule() {
    RULES.importsNoOtherModule(CLASSES);
  }
}
