package dev.jitgate.local;

import static dev.jitgate.local.RunningSystem.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * The approval page of a hard request, as an approver's browser shows it at desktop and phone
 * width: a long justification with an unbroken address in it, and role credentials narrowed by a
 * session policy of many statements with long ARNs. Nothing may overflow the page sideways, and the
 * screenshots under {@code target/screenshots/} are kept for a person to look at.
 */
class ApprovalPageScreenshotTest {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String JUSTIFICATION =
      "INC-9182: the nightly settlement export to the payments archive failed three nights in a"
          + " row and finance needs the files by Monday. I will re-run the export for the missing"
          + " dates, check the object counts against the ledger, and delete nothing. Runbook:"
          + " https://runbooks.example.com/payments/settlement-export/recovery-after-partial-failure-with-manual-reconciliation"
          + " and the ticket thread has the approval from the finance lead. Expected to take about"
          + " forty minutes; I will revoke the access as soon as the counts match.";

  @TempDir Path data;
  @TempDir Path profile;
  private RunningSystem system;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    Path policy = data.resolve("policy.yaml");
    Files.writeString(policy, policy());
    system = new RunningSystem(data.resolve("store"), policy);
    browser = HeadlessChromium.start(profile);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (system != null) {
      system.close();
    }
  }

  @ParameterizedTest(name = "{0} at {1} px")
  @CsvSource({"desktop, 1280", "phone, 375"})
  void approvalPage_longJustificationAndManyStatements_fitsTheWidth(String name, int width)
      throws Exception {
    String id =
        json(system.post(
                "/api/v1/requests",
                "alice@example.com",
                "{\"entitlement\":\"aws-payments-export\",\"duration\":\"PT90M\","
                    + "\"justification\":\""
                    + JUSTIFICATION
                    + "\"}"))
            .get("id")
            .asText();
    browser.manage().window().setSize(new Dimension(width, 900));

    browser.get(system.approvalLink("carol@example.com", id));

    JavascriptExecutor js = (JavascriptExecutor) browser;
    long scrollWidth =
        ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
    long innerWidth = ((Number) js.executeScript("return window.innerWidth")).longValue();
    assertThat(scrollWidth).as("the page scrolls sideways").isLessThanOrEqualTo(innerWidth);
    String text = browser.findElement(By.tagName("body")).getText();
    assertThat(text)
        .contains(
            "alice@example.com asks for Payments archive export as role"
                + " jitgate/payments/settlement-export-recovery in AWS account 111122223333 for 1"
                + " hour 30 minutes",
            "Allow s3:GetObject, s3:GetObjectVersion, s3:ListBucket on"
                + " arn:aws:s3:::acme-payments-settlement-archive-eu-west-1/exports/*,"
                + " arn:aws:s3:::acme-payments-settlement-archive-eu-west-1",
            "and 3 more statements",
            "forty minutes",
            "Not granted aws-payments-export in the last 30 days");
    List<String> buttons = new ArrayList<>();
    browser.findElements(By.tagName("button")).forEach(b -> buttons.add(b.getText()));
    assertThat(buttons).containsExactly("Approve", "Deny");

    // Tall enough for the whole page: a screenshot shows only the window.
    long height =
        ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
    browser.manage().window().setSize(new Dimension(width, (int) height + 200));
    Files.createDirectories(SCREENSHOTS);
    Files.write(
        SCREENSHOTS.resolve("approval-page-" + name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private static String policy() {
    StringBuilder statements = new StringBuilder();
    String bucket = "arn:aws:s3:::acme-payments-settlement-archive-eu-west-1";
    statements.append(
        statement(
            "[s3:GetObject, s3:GetObjectVersion]",
            "['" + bucket + "/exports/*', '" + bucket + "']"));
    statements.append(
        statement("[s3:ListBucket]", "['" + bucket + "/exports/*', '" + bucket + "']"));
    statements.append(statement("[s3:PutObject]", "['" + bucket + "/exports/reruns/*']"));
    statements.append(
        statement(
            "[kms:Decrypt, kms:GenerateDataKey]",
            "['arn:aws:kms:eu-west-1:111122223333:key/0f3c9a2e-5b7d-4e1f-8a6c-2d4b9e7f1a30']"));
    statements.append(
        statement(
            "[glue:GetTable, glue:GetPartitions, glue:BatchCreatePartition]",
            "['arn:aws:glue:eu-west-1:111122223333:table/payments/settlement_exports']"));
    statements.append(statement("[athena:StartQueryExecution, athena:GetQueryResults]", "['*']"));
    statements.append(
        statement(
            "[logs:GetLogEvents]",
            "['arn:aws:logs:eu-west-1:111122223333:log-group:/payments/export:*']"));
    statements.append(
        statement("[sqs:SendMessage]", "['arn:aws:sqs:eu-west-1:111122223333:settlement-reruns']"));
    statements.append(
        statement("[sns:Publish]", "['arn:aws:sns:eu-west-1:111122223333:finance-notify']"));
    return """
        groups:
          sre: [alice@example.com, bob@example.com]
          sre-leads: [carol@example.com, dave@example.com]
        entitlements:
          - id: aws-payments-export
            description: Payments archive export
            grant:
              kind: aws.role-credentials
              roleArn: arn:aws:iam::111122223333:role/jitgate/payments/settlement-export-recovery
              sessionPolicy:
                Version: "2012-10-17"
                Statement:
        %s
            requesters: [group:sre]
            approvers: [group:sre-leads]
            approvals: 1
            duration: {default: PT1H, min: PT15M, max: PT4H}
        """
        .formatted(statements.toString().stripTrailing());
  }

  private static String statement(String actions, String resources) {
    return "          - {Effect: Allow, Action: " + actions + ", Resource: " + resources + "}\n";
  }
}
