package dev.jitgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shape every cloud module keeps, as ArchUnit rules a module's own test runs on its classes:
 * adapters never reach back to the handlers or the composition root, handlers reach only the router
 * and the service (and the root that builds them), and no module imports another.
 *
 * @param root the module's base package, such as {@code dev.jitgate.aws}
 */
public record CloudModuleRules(String root) {
  /** The base packages of every module but common. */
  public static final List<String> MODULES =
      List.of("dev.jitgate.aws", "dev.jitgate.azure", "dev.jitgate.gcp", "dev.jitgate.local");

  /** The module's production classes. */
  public JavaClasses importModule() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(root);
  }

  /** {@code store}, {@code provider} and {@code notify} never import handlers or the root. */
  public void adaptersNeverReachHandlersOrTheRoot(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAnyPackage(root + ".store..", root + ".provider..", root + ".notify..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(root + ".handler..", root)
        .because("adapters are built by the composition root, never the other way round")
        .allowEmptyShould(true)
        .check(classes);
  }

  /**
   * Handlers see their platform's types, the neutral router and service, and the composition root
   * that builds them; no rule, store or provider.
   *
   * @param platform the packages of the platform's function API, such as {@code
   *     com.amazonaws.services.lambda..}
   */
  public void handlersReachOnlyRouterAndService(JavaClasses classes, String... platform) {
    String[] allowed =
        Stream.concat(
                Stream.of(
                    "java..",
                    root + ".handler..",
                    root,
                    "dev.jitgate.http..",
                    "dev.jitgate.service.."),
                Stream.of(platform))
            .toArray(String[]::new);
    classes()
        .that()
        .resideInAPackage(root + ".handler..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed)
        .because("a handler only turns the platform's event into the router's request and back")
        .check(classes);
  }

  /** The module imports no other cloud module nor the local runner. */
  public void importsNoOtherModule(JavaClasses classes) {
    String[] others =
        MODULES.stream().filter(m -> !m.equals(root)).map(m -> m + "..").toArray(String[]::new);
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others)
        .because("modules meet only in common and in the request store")
        .check(classes);
  }
}
