package dev.jitgate.azure.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.http.RequestMethod.PUT;
import static dev.jitgate.azure.provider.AzurePimProviderTest.OBJECT_ID;
import static dev.jitgate.azure.provider.AzurePimProviderTest.REQUEST;
import static dev.jitgate.azure.provider.AzurePimProviderTest.ROLE_ID;
import static dev.jitgate.azure.provider.AzurePimProviderTest.SCOPE;
import static dev.jitgate.azure.provider.AzurePimProviderTest.grant;
import static dev.jitgate.azure.provider.AzurePimProviderTest.scheduleRequest;
import static dev.jitgate.azure.provider.AzureStub.error;
import static dev.jitgate.azure.provider.AzureStub.json;
import static dev.jitgate.azure.provider.AzureStub.pim;
import static dev.jitgate.azure.provider.AzureStub.pimRequested;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.retry.Backoff;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code azure.pim} extensions: an AdminExtend request with the new end, on the wire. */
class AzurePimProviderExtendTest {
  static final Instant NEW_END = Instant.parse("2026-11-21T11:30:00Z");
  static final String EXTEND =
      AzureTarget.requestName(REQUEST, "extend-" + NEW_END.getEpochSecond());

  static final String ADMIN_EXTEND =
      """
      {"properties":{
        "principalId":"%s",
        "roleDefinitionId":"%s",
        "requestType":"AdminExtend",
        "justification":"INC-1: outage (jitgate req-0000000001)",
        "scheduleInfo":{
          "startDateTime":"2026-11-21T10:00:00Z",
          "expiration":{"type":"AfterDateTime","endDateTime":"2026-11-21T11:30:00Z"}}}}
      """
          .formatted(OBJECT_ID, ROLE_ID);

  final MutableClock clock = MutableClock.at("2026-11-21T10:30:00Z");
  final RecordingSleeper sleeper = new RecordingSleeper(clock);
  AzureStub azure;
  AzurePimProvider provider;

  @BeforeEach
  void start() {
    azure = new AzureStub();
    provider =
        azure
            .providers(
                clock, Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(80), 5), sleeper)
            .pim();
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  @Test
  void extend_sendsAdminExtendWithTheNewEnd() {
    azure.server.stubFor(
        pim(PUT, SCOPE, EXTEND)
            .willReturn(json(201, scheduleRequest(EXTEND, "AdminExtend", "Provisioned"))));

    var details = provider.extend(grant().endingAt(NEW_END));

    azure.server.verify(
        exactly(1), pimRequested(PUT, SCOPE, EXTEND).withRequestBody(equalToJson(ADMIN_EXTEND)));
    assertThat(azure.all()).hasSize(1);
    assertThat(details)
        .containsEntry("pimRequest", EXTEND)
        .containsEntry("pimStatus", "Provisioned");
  }

  @Test
  void extend_whenTheAssignmentIsGone_reportsItMissingAndAssignsNothing() {
    azure.server.stubFor(
        pim(PUT, SCOPE, EXTEND)
            .willReturn(
                error(400, "RoleAssignmentDoesNotExist", "The Role assignment does not exist.")));

    var details = provider.extend(grant().endingAt(NEW_END));

    assertThat(details).containsEntry("artifact", "missing");
    assertThat(azure.all()).hasSize(1);
  }
}
