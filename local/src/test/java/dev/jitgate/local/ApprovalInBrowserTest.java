package dev.jitgate.local;

import static dev.jitgate.local.RunningSystem.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An approver opens the link from their mail in headless Chromium and clicks Approve. Needs
 * Debian's chromium and chromium-driver, which {@code scripts/test} installs when missing.
 */
class ApprovalInBrowserTest {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  @TempDir Path data;
  @TempDir Path profile;
  private RunningSystem system;
  private WebDriver browser;

  @BeforeEach
  void start() {
    if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
      throw new IllegalStateException(
          "the browser test needs /usr/bin/chromium and /usr/bin/chromedriver:"
              + " run scripts/test, or apt-get install chromium chromium-driver");
    }
    system = new RunningSystem(data);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // Chromium reaches for Google's services at start; this machine has no such network.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER)
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
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

    assertThat(browser.getTitle()).contains("Access request");
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
