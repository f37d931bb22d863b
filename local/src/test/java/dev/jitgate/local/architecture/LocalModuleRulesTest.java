package dev.jitgate.local.architecture;

import dev.jitgate.architecture.CloudModuleRules;
import org.junit.jupiter.api.Test;

/** The local runner is built on common alone. */
class LocalModuleRulesTest {
  private static final CloudModuleRules RULES = new CloudModuleRules("dev.jitgate.local");

  @Test
  void module_importsNoCloudModule() {
    RULES.importsNoOtherModule(RULES.importModule());
  }
}
