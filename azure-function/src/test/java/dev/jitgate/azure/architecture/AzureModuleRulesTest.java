package dev.jitgate.azure.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.jitgate.architecture.CloudModuleRules;
import org.junit.jupiter.api.Test;

/** The Azure module keeps the shape of every cloud module. */
class AzureModuleRulesTest {
  private static final CloudModuleRules RULES = new CloudModuleRules("dev.jitgate.azure");
  private static final JavaClasses CLASSES = RULES.importModule();

  @Test
  void adapters_neverReachHandlersOrTheCompositionRoot() {
    RULES.adaptersNeverReachHandlersOrTheRoot(CLASSES);
  }

  @Test
  void handlers_reachOnlyTheRouterAndTheService() {
    RULES.handlersReachOnlyRouterAndService(CLASSES, "com.microsoft.azure.functions..");
  }

  @Test
  void module_importsNoOtherModule() {
    RULES.importsNoOtherModule(CLASSES);
  }
}
