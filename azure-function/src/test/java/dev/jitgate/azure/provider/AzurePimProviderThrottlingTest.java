package dev.jitgate.azure.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.http.RequestMethod.PUT;
import static dev.jitgate.azure.provider.AzurePimProviderTest.ADMIN_ASSIGN;
import static dev.jitgate.azure.provider.AzurePimProviderTest.ASSIGN;
import static dev.jitgate.azure.provider.AzurePimProviderTest.ROLE_ID;
import static dev.jitgate.azure.provider.AzurePimProviderTest.SCOPE;
import static dev.jitgate.azure.provider.AzurePimProviderTest.grant;
import static dev.jitgate.azure.provider.AzurePimProviderTest.scheduleRequest;
import static dev.jitgate.azure.provider.AzureStub.error;
import static dev.jitgate.azure.provider.AzureStub.json;
import static dev.jitgate.azure.provider.AzureStub.pim;
import static dev.jitgate.azure.provider.AzureStub.pimRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Throttling and server errors on {@code azure.pim}: retried by the provider within its budget,
 * never by the SDK (the stub counts every request that reaches it).
 */
class AzurePimProviderThrottlingTest {
  static final String THROTTLED =
      "The request is being throttled as the limit has been reached for operation type -"
          + " Write_ObservationCount_1200. For more information, refer to -"
          + " https://aka.ms/srpthrottlinglimits";

  final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  final RecordingSleeper sleeper = new RecordingSleeper(clock);
  AzureStub azure;
  AzurePimProvider provider;

  @BeforeEach
  void start() {
    azure = new AzureStub();
    provider =
        azure
            .providers(
                clock,
                new Backoff(
                    Duration.ofMillis(10), Duration.ofMillis(80), 5, Duration.ofSeconds(10), 0),
                sleeper)
            .pim();
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  static ResponseDefinitionBuilder throttled(String retryAfter) {
    ResponseDefinitionBuilder answer = error(429, "TooManyRequests", THROTTLED);
    return retryAfter == null ? answer : answer.withHeader("Retry-After", retryAfter);
  }

  @Test
  void grant_whenThrottled_waitsAsLongAsRetryAfterSaysThenSucceeds() {
    azure.inTurn(
        "throttle",
        () -> pim(PUT, SCOPE, ASSIGN),
        throttled("2"),
        json(201, scheduleRequest(ASSIGN, "AdminAssign", "Provisioned")));

    assertThat(provider.grant(grant())).containsEntry("pimStatus", "Provisioned");

    azure.server.verify(
        exactly(2), pimRequested(PUT, SCOPE, ASSIGN).withRequestBody(equalToJson(ADMIN_ASSIGN)));
    assertThat(sleeper.millis()).containsExactly(2000L);
  }

  @Test
  void grant_whenRetryAfterIsAnHttpDate_waitsUntilThen() {
    azure.inTurn(
        "throttle",
        () -> pim(PUT, SCOPE, ASSIGN),
        throttled("Sat, 21 Nov 2026 10:00:04 GMT"),
        json(201, scheduleRequest(ASSIGN, "AdminAssign", "Provisioned")));

    provider.grant(grant());

    azure.server.verify(exactly(2), pimRequested(PUT, SCOPE, ASSIGN));
    assertThat(sleeper.millis()).containsExactly(4000L);
  }

  @Test
  void grant_whenServerErrorsPass_succeedsAfterBackoff() {
    azure.inTurn(
        "unavailable",
        () -> pim(PUT, SCOPE, ASSIGN),
        error(503, "ServiceUnavailable", "The service is temporarily unavailable."),
        error(500, "InternalServerError", "An error has occurred."),
        json(201, scheduleRequest(ASSIGN, "AdminAssign", "Provisioned")));

    provider.grant(grant());

    azure.server.verify(exactly(3), pimRequested(PUT, SCOPE, ASSIGN));
    assertThat(sleeper.millis()).containsExactly(10L, 20L);
  }

  @Test
  void grant_whenThrottlingOutlastsTheBudget_givesUpNamingTheOperationAndAzuresAnswer() {
    azure.server.stubFor(pim(PUT, SCOPE, ASSIGN).willReturn(throttled(null)));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "gave up granting PIM role "
                + ROLE_ID
                + " at "
                + SCOPE
                + " for alice@example.com (object id "
                + AzurePimProviderTest.OBJECT_ID
                + ") after 5 retries and polls over 230 ms; last:"
                + " Microsoft.Authorization/roleAssignmentScheduleRequests/write: TooManyRequests"
                + " (HTTP 429): "
                + THROTTLED);
    azure.server.verify(exactly(6), pimRequested(PUT, SCOPE, ASSIGN));
    assertThat(sleeper.millis()).containsExactly(10L, 20L, 40L, 80L, 80L);
  }

  @Test
  void grant_whenRetryAfterIsLongerThanTheBudgetLeft_givesUpAtOnce() {
    azure.server.stubFor(pim(PUT, SCOPE, ASSIGN).willReturn(throttled("60")));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("gave up granting PIM role " + ROLE_ID)
        .hasMessageContaining(
            "Azure asked to wait 60000 ms before trying again (Retry-After), more than the 10000"
                + " ms left of this operation's retry budget")
        .hasMessageEndingWith("TooManyRequests (HTTP 429): " + THROTTLED);
    azure.server.verify(exactly(1), pimRequested(PUT, SCOPE, ASSIGN));
    assertThat(sleeper.millis()).isEmpty();
  }
}
