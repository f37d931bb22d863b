package dev.jitgate.aws.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.jitgate.aws.AwsClients;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A WireMock server on loopback that speaks AWS's two wire formats: JSON 1.1 with an {@code
 * X-Amz-Target} header (SSO Admin, Identity Store) and the Query form POST with XML answers (STS,
 * IAM). The SDK clients come from {@link AwsClients}, as in production, pointed at it.
 */
public final class AwsStub implements AutoCloseable {
  public static final String SSO = "SWBExternalService.";
  public static final String IDENTITY_STORE = "AWSIdentityStore.";

  public final WireMockServer server;
  public final AwsClients clients;

  public AwsStub() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    clients =
        new AwsClients(
            Region.US_EAST_1,
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDSTUBSTUBSTUBSTUB", "stub-secret")),
            Map.of("", URI.create("http://127.0.0.1:" + server.port())));
  }

  /** A JSON 1.1 operation such as {@code SWBExternalService.CreateAccountAssignment}. */
  public static MappingBuilder target(String target) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
  }

  static RequestPatternBuilder targetRequested(String target) {
    return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
  }

  public static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(body);
  }

  static ResponseDefinitionBuilder jsonError(int status, String type, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withHeader("x-amzn-ErrorType", type)
        .withBody("{\"__type\":\"" + type + "\",\"Message\":\"" + message + "\"}");
  }

  /** Answers JSON operation {@code target} with {@code answers} in turn, then the last again. */
  void inTurn(String target, ResponseDefinitionBuilder... answers) {
    for (int i = 0; i < answers.length; i++) {
      ScenarioMappingBuilder mapping =
          target(target)
              .inScenario(target)
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer-" + i)
              .willReturn(answers[i]);
      if (i + 1 < answers.length) {
        mapping = mapping.willSetStateTo("answer-" + (i + 1));
      }
      server.stubFor(mapping);
    }
  }

  /** A Query operation such as {@code AssumeRole}, matched on its Action form field. */
  static MappingBuilder action(String action) {
    return post(urlEqualTo("/")).withFormParam("Action", equalTo(action));
  }

  static RequestPatternBuilder actionRequested(String action) {
    return postRequestedFor(urlEqualTo("/")).withFormParam("Action", equalTo(action));
  }

  static ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
  }

  static ResponseDefinitionBuilder xmlError(int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "text/xml")
        .withBody(
            "<ErrorResponse><Error><Type>Sender</Type><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error><RequestId>req-1</RequestId></ErrorResponse>");
  }

  /** The decoded form fields of every request for Query action {@code action}, in order. */
  List<Map<String, String>> forms(String action) {
    return server.findAll(actionRequested(action)).stream().map(AwsStub::form).toList();
  }

  private static Map<String, String> form(LoggedRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : request.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      fields.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }

  @Override
  public void close() {
    server.stop();
  }
}
