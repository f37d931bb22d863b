package dev.jitgate.aws.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.jitgate.aws.AwsClients;
import dev.jitgate.notify.MailMessage;
import dev.jitgate.notify.MessageComposer;
import dev.jitgate.notify.NotifyException;
import dev.jitgate.port.Notification;
import dev.jitgate.service.ServiceHarness;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The SES v2 notifier with the real SDK against a WireMock stub of {@code SendEmail} on loopback;
 * the tests assert the exact JSON on the wire.
 */
class SesNotifierTest {
  private static final String SEND = "/v2/email/outbound-emails";
  private static final String FROM = "jitgate@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceHarness harness = new ServiceHarness();
  private final MessageComposer composer = new MessageComposer("https://jitgate.example.com");
  private final WireMockServer ses =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private AwsClients clients;

  @BeforeEach
  void start() {
    ses.start();
    ses.stubFor(post(urlEqualTo(SEND)).willReturn(okJson("{\"MessageId\":\"0102018f-test\"}")));
    clients = clientsAt(URI.create("http://127.0.0.1:" + ses.port()));
  }

  @AfterEach
  void stop() {
    clients.close();
    ses.stop();
    harness.close();
  }

  @Test
  void newRequest_sendsEachApproverOneSimpleMailWithTheComposersContent() throws Exception {
    Notification notification = newRequest();
    List<MailMessage> mails = composer.compose(notification);

    new SesNotifier(clients.sesV2(), FROM, composer).send(notification);

    List<LoggedRequest> sent = ses.findAll(postRequestedFor(urlEqualTo(SEND)));
    assertThat(sent).hasSize(mails.size()).hasSize(3);
    for (int i = 0; i < mails.size(); i++) {
      assertThat(JSON.readTree(sent.get(i).getBodyAsString()))
          .isEqualTo(expectedBody(mails.get(i)));
      assertThat(sent.get(i).getHeader("Content-Type")).startsWith("application/json");
      assertThat(sent.get(i).getHeader("Authorization"))
          .startsWith("AWS4-HMAC-SHA256 Credential=AKIDSESTEST/")
          .contains("/eu-west-1/ses/aws4_request");
    }
    assertThat(mails.get(0).approvalLink()).isPresent();
    assertThat(sent.get(0).getBodyAsString()).contains(mails.get(0).approvalLink().get());
  }

  @Test
  void outcome_sendsTheRequesterOneMail() throws Exception {
    harness.approve(ServiceHarness.CAROL, pendingRequest());
    Notification active = harness.notifier.sent(Notification.Kind.ACTIVE).get(0);

    new SesNotifier(clients.sesV2(), FROM, composer).send(active);

    List<LoggedRequest> sent = ses.findAll(postRequestedFor(urlEqualTo(SEND)));
    assertThat(sent).singleElement();
    JsonNode body = JSON.readTree(sent.get(0).getBodyAsString());
    assertThat(body).isEqualTo(expectedBody(composer.compose(active).get(0)));
    assertThat(body.at("/Destination/ToAddresses").toString()).isEqualTo("[\"alice@example.com\"]");
  }

  @Test
  void recipientSesRejects_failsNamingItAndTheReason_afterSendingTheOthers() {
    ses.stubFor(
        post(urlEqualTo(SEND))
            .withRequestBody(
                matchingJsonPath("$.Destination.ToAddresses[0]", equalTo("dave@example.com")))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-amzn-ErrorType", "MessageRejected")
                    .withBody(
                        "{\"message\":\"Email address is not verified. The following identities"
                            + " failed the check in region EU-WEST-1: dave@example.com\"}")));
    Notification notification = newRequest();
    List<MailMessage> mails = composer.compose(notification);

    Throwable thrown =
        catchThrowable(() -> new SesNotifier(clients.sesV2(), FROM, composer).send(notification));

    assertThat(thrown)
        .isInstanceOf(NotifyException.class)
        .hasMessageStartingWith(
            "ses: 1 of 3 new_request mails for request " + notification.request().id())
        .hasMessageContaining(
            "dave@example.com (MessageRejected (HTTP 400): Email address is not verified");
    assertNothingSecretIn(thrown.getMessage(), mails);
    assertThat(ses.findAll(postRequestedFor(urlEqualTo(SEND)))).hasSize(3);
  }

  @Test
  void sesUnreachable_failsWithTheClientsReasonAndNoMailContent() throws Exception {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    Notification notification = newRequest();
    List<MailMessage> mails = composer.compose(notification);
    try (AwsClients unreachable = clientsAt(closed)) {
      Throwable thrown =
          catchThrowable(
              () -> new SesNotifier(unreachable.sesV2(), FROM, composer).send(notification));

      assertThat(thrown)
          .isInstanceOf(NotifyException.class)
          .hasMessageContaining("3 of 3")
          .hasMessageContaining("SdkClientException");
      assertNothingSecretIn(thrown.getMessage(), mails);
    }
  }

  private static void assertNothingSecretIn(String message, List<MailMessage> mails) {
    for (MailMessage mail : mails) {
      assertThat(message).doesNotContain(mail.subject());
      mail.approvalLink()
          .ifPresent(
              link -> {
                assertThat(message).doesNotContain(link);
                assertThat(message).doesNotContain(link.substring(link.lastIndexOf('/') + 1));
              });
    }
    assertThat(message).doesNotContain("/approvals/");
  }

  private static AwsClients clientsAt(URI endpoint) {
    return new AwsClients(
        Region.EU_WEST_1,
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDSESTEST", "ses-test-secret")),
        Map.of("SESV2", endpoint));
  }

  private dev.jitgate.domain.AccessRequest pendingRequest() {
    return harness.request(ServiceHarness.ALICE, "aws-prod-admin", "INC-4711: restore");
  }

  private Notification newRequest() {
    pendingRequest();
    return harness.notifier.sent(Notification.Kind.NEW_REQUEST).get(0);
  }

  /** SendEmail's JSON for one mail, as the SES v2 API reference gives it. */
  private static JsonNode expectedBody(MailMessage mail) {
    ObjectNode body = JSON.createObjectNode();
    body.put("FromEmailAddress", FROM);
    body.putObject("Destination").putArray("ToAddresses").add(mail.to().email());
    ObjectNode simple = body.putObject("Content").putObject("Simple");
    simple.putObject("Subject").put("Data", mail.subject()).put("Charset", "UTF-8");
    ObjectNode text = simple.putObject("Body");
    text.putObject("Text").put("Data", mail.text()).put("Charset", "UTF-8");
    text.putObject("Html").put("Data", mail.html()).put("Charset", "UTF-8");
    return body;
  }
}
