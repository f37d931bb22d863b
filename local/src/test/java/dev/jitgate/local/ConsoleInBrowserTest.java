package dev.jitgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's whole journey in headless Chromium against the local runner: a requester signs in
 * (development sign-in), is told off for a bad justification, fixes it and submits; an approver
 * approves it under "To approve"; the requester sees it ACTIVE, fetches its credentials and revokes
 * it. Every page is screenshot into {@code target/screenshots/}, measured, and checked with
 * axe-core (from {@code local/node_modules}, which {@code scripts/test} installs), failing on
 * serious or critical violations.
 */
class ConsoleInBrowserTest {
  private static final Path AXE = Path.of("node_modules", "axe-core", "axe.min.js");
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final Path POLICY = Path.of("src", "test", "resources", "console-policy.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  @TempDir Path profile;
  private RunningSystem system;
  private WebDriver browser;
  private String axe;
  private final Map<String, Integer> sizes = new LinkedHashMap<>();

  @BeforeEach
  void start() throws Exception {
    if (!Files.isReadable(AXE)) {
      throw new IllegalStateException(
          "the accessibility check needs axe-core: run scripts/test, or npm ci --prefix local");
    }
    axe = Files.readString(AXE, StandardCharsets.UTF_8);
    Files.createDirectories(SHOTS);
    system = new RunningSystem(data, POLICY);
    browser = HeadlessChromium.start(profile);
    browser.manage().window().setSize(new Dimension(1200, 900));
  }

  @AfterEach
  void stop() throws Exception {
    if (!sizes.isEmpty()) {
      StringBuilder report = new StringBuilder();
      sizes.forEach((page, bytes) -> report.append(page).append('\t').append(bytes).append('\n'));
      Files.writeString(SHOTS.resolve("page-sizes.txt"), report.toString());
    }
    if (browser != null) {
      browser.quit();
    }
    if (system != null) {
      system.close();
    }
  }

  @Test
  void requesterAndApprover_goThroughTheWholeJourney_inTheConsole() throws Exception {
    // Given the requester opens the console and signs in.
    browser.get(system.base() + "/console/");
    waitForTitle("Sign in");
    look("01-sign-in");
    signInAs("alice@example.com");
    waitForTitle("Request access");
    // The first Tab reaches the skip link, which leads into <main>.
    browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to content");
    assertThat(browser.manage().getCookieNamed("__Host-jitgate")).isNotNull();
    assertThat(body()).contains("aws-deploy-hotfix", "Start with the ticket");
    look("02-catalogue");

    // When they ask with a justification that names no ticket.
    browser.findElement(By.cssSelector("a[href$='entitlement=aws-deploy-hotfix']")).click();
    waitForTitle("Request aws-deploy-hotfix");
    look("03-request-form");
    browser.findElement(By.id("justification")).sendKeys("push the fix <now>");
    browser.findElement(By.cssSelector("form button[type=submit].primary")).click();

    // Then the error shows next to the field, and what they typed is kept.
    waitForTitle("Request aws-deploy-hotfix");
    assertThat(browser.findElement(By.id("justification-error")).getText())
        .contains("justification");
    assertThat(browser.findElement(By.id("justification")).getAttribute("value"))
        .isEqualTo("push the fix <now>");
    assertThat(browser.findElement(By.id("justification")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    look("04-request-error");

    // When they fix it and submit.
    WebElement justification = browser.findElement(By.id("justification"));
    justification.clear();
    justification.sendKeys("INC-42: push the <b>hotfix</b>");
    browser.findElement(By.cssSelector("form button[type=submit].primary")).click();
    waitForTitle("Request ");
    assertThat(body())
        .contains("Your request was submitted.", "PENDING", "INC-42: push the <b>hotfix</b>");
    String id = browser.getCurrentUrl().replaceAll(".*/requests/([^?]+).*", "$1");
    assertThat(state(id)).isEqualTo("PENDING");
    look("05-request-detail");
    signOut();

    // Then the approver sees it under "To approve" and approves it.
    signInAs("carol@example.com");
    browser.findElement(By.linkText("To approve")).click();
    waitForTitle("To approve");
    assertThat(body())
        .contains(
            "alice@example.com asks for Short-lived credentials to push a hotfix image",
            "arn:aws:iam::111122223333:role/jitgate-hotfix-deploy",
            "INC-42");
    look("06-to-approve");
    // Keyboard only: type the comment, Tab to Approve, press Enter.
    browser.findElement(By.id("comment-" + id)).sendKeys("go ahead", Keys.TAB);
    WebElement focused = browser.switchTo().activeElement();
    assertThat(focused.getText()).isEqualTo("Approve");
    focused.sendKeys(Keys.ENTER);
    waitForTitle("Request " + id);
    assertThat(body()).contains("You approved this request.", "ACTIVE", "carol@example.com");
    assertThat(state(id)).isEqualTo("ACTIVE");
    look("07-approved-detail");
    signOut();

    // And the requester sees ACTIVE, fetches the credentials and revokes.
    signInAs("alice@example.com");
    browser.findElement(By.linkText("My requests")).click();
    waitForTitle("My requests");
    assertThat(body()).contains("ACTIVE", "left");
    look("08-my-requests");
    browser.findElement(By.cssSelector("form[action$='/" + id + "/credentials'] button")).click();
    waitForTitle("Credentials for " + id);
    assertThat(browser.findElement(By.id("snippet")).getText())
        .startsWith("export AWS_ACCESS_KEY_ID='")
        .contains("export AWS_SECRET_ACCESS_KEY='", "export AWS_SESSION_TOKEN='");
    // The script shows the copy buttons, which stay hidden without it.
    assertThat(browser.findElement(By.cssSelector("button[data-copy=snippet]")).isDisplayed())
        .isTrue();
    look("09-credentials");
    browser.findElement(By.linkText("Back to my requests")).click();
    waitForTitle("My requests");
    browser.findElement(By.cssSelector("form[action$='/" + id + "/revoke'] button")).click();
    waitForTitle("Request " + id);
    assertThat(body()).contains("You revoked this access.", "REVOKED", "The audit chain verifies");
    assertThat(state(id)).isEqualTo("REVOKED");
    look("10-revoked-detail");

    assertThat(sizes.values()).allMatch(bytes -> bytes < 50 * 1024);
  }

  private void signInAs(String email) {
    if (!browser.getTitle().startsWith("Sign in")) {
      browser.get(system.base() + "/console/login");
      waitForTitle("Sign in");
    }
    browser.findElement(By.cssSelector("button[value='" + email + "']")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.not(ExpectedConditions.titleContains("Sign in")));
    assertThat(browser.findElement(By.className("who")).getText()).contains(email);
  }

  private void signOut() {
    browser.findElement(By.xpath("//button[text()='Sign out']")).click();
    waitForTitle("Sign in");
  }

  private void waitForTitle(String start) {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.titleContains(start));
  }

  private String body() {
    return browser.findElement(By.tagName("body")).getText();
  }

  /** Screenshots the page, keeps its size, and fails on serious accessibility violations. */
  private void look(String name) throws Exception {
    // The whole page in one picture: the window grows to the document's height first.
    long height =
        (Long)
            ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight;");
    browser.manage().window().setSize(new Dimension(1200, (int) Math.max(900, height + 140)));
    Files.write(
        SHOTS.resolve(name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    sizes.put(name, browser.getPageSource().getBytes(StandardCharsets.UTF_8).length);
    JavascriptExecutor js = (JavascriptExecutor) browser;
    // Evaluated by the driver, not loaded by the page: the page's CSP allows no foreign script.
    js.executeScript(axe);
    Object result =
        js.executeAsyncScript(
            "var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done(JSON.stringify([{id: 'axe-error', impact:"
                + " 'critical', help: String(e)}])); });");
    JsonNode violations = JSON.readTree(result.toString());
    List<String> serious = new ArrayList<>();
    for (JsonNode v : violations) {
      String impact = v.path("impact").asText();
      if (impact.equals("serious") || impact.equals("critical")) {
        serious.add(
            impact
                + " "
                + v.path("id").asText()
                + ": "
                + v.path("help").asText()
                + " at "
                + v.path("nodes").toString());
      }
    }
    assertThat(serious).as("axe-core on " + name).isEmpty();
  }

  private String state(String id) {
    return RunningSystem.json(system.get("/api/v1/requests/" + id, "alice@example.com"))
        .get("state")
        .asText();
  }
}
