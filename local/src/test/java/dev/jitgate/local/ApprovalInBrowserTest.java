package dev.jitgate.local;

import static dev.jitgate.local.RunningSystem.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** An approver opens the link from their mail in headless Chromium and clicks Approve. */
class ApprovalInBrowserTest {
  @TempDir Path data;
  @TempDir Path profile;
  private RunningSystem system;
  private WebDriver browser;

  @BeforeEach
  void start() {
    system = new RunningSystem(data);
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

  @Test
  void approver_opensTheEmailedLink_andClicksApprove() throws Exception {
    String id =
        json(system.post(
                "/api/v1/requests",
                "alice@example.com",
                "{\"entitlement\":\"gcp-prod-storage-admin\","
                    + "\"justification\":\"INC-77: <b>restore</b> the bucket\"}"))
            .get("id")
            .asText();
    String link = system.approvalLink("carol@example.com", id);

    browser.get(link);

    assertThat(browser.getTitle())
        .contains(
            "alice@example.com asks for Storage admin on the production project, for restoring"
                + " buckets on projects/acme-prod for 1 hour");
    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("INC-77: <b>restore</b> the bucket", "alice@example.com");
    assertThat(status(id)).isEqualTo("PENDING");

    browser.findElement(By.id("comment")).sendKeys("approved from the browser");
    browser.findElement(By.id("approve")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.titleContains("Decision recorded"));

    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("You approved", "ACTIVE");
    assertThat(status(id)).isEqualTo("ACTIVE");
    var request = json(system.get("/api/v1/requests/" + id, "alice@example.com"));
    assertThat(request.get("approvals").get(0).get("comment").asText())
        .isEqualTo("approved from the browser");
    // Kept for a person to look at: what the approver saw after clicking.
    Files.createDirectories(Path.of("target"));
    Files.write(
        Path.of("target", "approval-result.png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private String status(String id) {
    return json(system.get("/api/v1/requests/" + id, "alice@example.com")).get("state").asText();
  }
}
