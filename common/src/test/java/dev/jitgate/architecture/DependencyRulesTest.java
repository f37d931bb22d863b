package dev.jitgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of DESIGN.md and STYLE.md, checked on common's compiled classes. */
class DependencyRulesTest {
  private static JavaClasses common;

  @BeforeAll
  static void importCommon() {
    common =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jitgate");
  }

  @Test
  void common_dependsOnNoCloudSdk() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "software.amazon..",
            "com.amazonaws..",
            "com.azure..",
            "com.microsoft.azure..",
            "com.google.cloud..",
            "com.google.api..",
            "io.grpc..")
        .because("common must stay cloud-neutral: cloud code lives in the cloud modules")
        .check(common);
  }

  @Test
  void domain_dependsOnNoEdgeOrAdapter() {
    noClasses()
        .that()
        .resideInAPackage("dev.jitgate.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.jitgate.http..",
            "dev.jitgate.store..",
            "dev.jitgate.notify..",
            "dev.jitgate.config..",
            "dev.jitgate.service..",
            "dev.jitgate.policy..",
            "com.fasterxml.jackson..",
            "java.sql..")
        .because("the domain holds the rules and must not know how it is stored or served")
        .check(common);
  }

  @Test
  void audit_isALeafThatKnowsNoDomain() {
    noClasses()
        .that()
        .resideInAPackage("dev.jitgate.audit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.jitgate.domain..", "dev.jitgate.service..", "dev.jitgate.store..")
        .check(common);
  }

  @Test
  void service_usesPortsNotAdapters() {
    noClasses()
        .that()
        .resideInAPackage("dev.jitgate.service..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.jitgate.store..", "dev.jitgate.http..", "dev.jitgate.notify..", "java.sql..")
        .because("the service talks to the outside only through ports")
        .check(common);
  }

  @Test
  void slackSdk_isReachedOnlyThroughTheSlackPackage_soNoOtherPathLoadsIt() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.jitgate.slack..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.slack.api..", "com.google.gson..", "okhttp3..", "kotlin..")
        .because(
            "Slack's SDK is optional and must stay off the cold path of a deployment without"
                + " Slack")
        .check(common);
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.jitgate.slack..")
        .and()
        .doNotHaveFullyQualifiedName("dev.jitgate.config.SlackSetting")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.jitgate.slack..")
        .because(
            "the builder reaches Slack only through SlackSetting, loaded when the policy has"
                + " a slack: section")
        .check(common);
  }

  @Test
  void packages_haveNoCycles() {
    slices().matching("dev.jitgate.(*)..").should().beFreeOfCycles().check(common);
  }
}
