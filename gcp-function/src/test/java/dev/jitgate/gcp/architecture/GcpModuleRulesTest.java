package dev.jitgate.gcp.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.jitgate.architecture.CloudModuleRules;
import org.junit.jupiter.api.Test;

/** The Google Cloud module keeps the shape of every cloud module. */
class GcpModuleRulesTest {
  private static final CloudModuleRules RULES = new CloudModuleRules("dev.jitgate.gcp");
  private static final JavaClasses CLASSES = RULES.importModule();

  @Test
  void adapters_neverReachHandlersOrTheCompositionRoot() {
    RULES.adaptersNeverReachHandlersOrTheRoot(CLASSES);
  }

  @Test
  void handlers_reachOnlyTheRouterAndTheService() {
    RULES.handlersReachOnlyRouterAndService(CLASSES, "com.google.cloud.functions..");
  }

  @Test
  void module_importsNoOtherModule() {
    RULES.importsNoOtherModule(CLASSES);
  }
}
